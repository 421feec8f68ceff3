// schema/work_dblp_key (FalkorDB): range index on Work.dblp_key (BibTeX/S2 identity); graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (w:Work) ON (w.dblp_key)
