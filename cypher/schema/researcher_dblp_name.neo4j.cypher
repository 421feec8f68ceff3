// schema/researcher_dblp_name (Neo4j): range index on Researcher.dblp_name; idempotent.
// Parameters: none
CREATE INDEX researcher_dblp_name IF NOT EXISTS FOR (r:Researcher) ON (r.dblp_name)
