// schema/work_doi (FalkorDB): range index on Work.doi; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (w:Work) ON (w.doi)
