// schema/work_s2_id (FalkorDB): range index on Work.s2_id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (w:Work) ON (w.s2_id)
