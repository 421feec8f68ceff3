// schema/researcher_dblp_name (FalkorDB): range index on Researcher.dblp_name; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (r:Researcher) ON (r.dblp_name)
