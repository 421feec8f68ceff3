// schema/work_arxiv_id (Neo4j): range index on Work.arxiv_id; idempotent.
// Parameters: none
CREATE INDEX work_arxiv_id IF NOT EXISTS FOR (w:Work) ON (w.arxiv_id)
