// schema/work_openalex_id (FalkorDB): range index on Work.openalex_id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (w:Work) ON (w.openalex_id)
