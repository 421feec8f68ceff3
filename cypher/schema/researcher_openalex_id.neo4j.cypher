// schema/researcher_openalex_id (Neo4j): range index on Researcher.openalex_id; idempotent.
// Parameters: none
CREATE INDEX researcher_openalex_id IF NOT EXISTS FOR (r:Researcher) ON (r.openalex_id)
