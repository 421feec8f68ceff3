// schema/researcher_s2_id (Neo4j): range index on Researcher.s2_id; idempotent.
// Parameters: none
CREATE INDEX researcher_s2_id IF NOT EXISTS FOR (r:Researcher) ON (r.s2_id)
