// schema/researcher_name_key (Neo4j): range index on Researcher.name_key; idempotent.
// Parameters: none
CREATE INDEX researcher_name_key IF NOT EXISTS FOR (r:Researcher) ON (r.name_key)
