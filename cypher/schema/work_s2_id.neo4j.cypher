// schema/work_s2_id (Neo4j): range index on Work.s2_id; idempotent.
// Parameters: none
CREATE INDEX work_s2_id IF NOT EXISTS FOR (w:Work) ON (w.s2_id)
