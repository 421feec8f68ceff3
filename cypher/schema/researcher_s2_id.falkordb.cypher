// schema/researcher_s2_id (FalkorDB): range index on Researcher.s2_id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (r:Researcher) ON (r.s2_id)
