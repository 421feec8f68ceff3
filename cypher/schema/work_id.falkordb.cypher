// schema/work_id (FalkorDB): range index on Work.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (w:Work) ON (w.id)
