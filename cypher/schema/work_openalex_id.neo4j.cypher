// schema/work_openalex_id (Neo4j): range index on Work.openalex_id; idempotent.
// Parameters: none
CREATE INDEX work_openalex_id IF NOT EXISTS FOR (w:Work) ON (w.openalex_id)
