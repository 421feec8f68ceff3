// schema/curationaction_id (FalkorDB): range index on CurationAction.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (c:CurationAction) ON (c.id)
