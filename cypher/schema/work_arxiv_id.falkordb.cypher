// schema/work_arxiv_id (FalkorDB): range index on Work.arxiv_id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (w:Work) ON (w.arxiv_id)
