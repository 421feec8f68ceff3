// schema/work_doi (Neo4j): range index on Work.doi; idempotent.
// Parameters: none
CREATE INDEX work_doi IF NOT EXISTS FOR (w:Work) ON (w.doi)
