// schema/researcher_id (FalkorDB): range index on Researcher.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (r:Researcher) ON (r.id)
