// schema/work_dblp_key (Neo4j): range index on Work.dblp_key (BibTeX/S2 identity); idempotent.
// Parameters: none
CREATE INDEX work_dblp_key IF NOT EXISTS FOR (w:Work) ON (w.dblp_key)
