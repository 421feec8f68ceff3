// schema/researcher_name_key (FalkorDB): range index on Researcher.name_key; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (r:Researcher) ON (r.name_key)
