// schema/institution_id (FalkorDB): range index on Institution.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (i:Institution) ON (i.id)
