// work/find_by_arxiv_id: the work id for an arXiv id (version stripped).
// Parameters: $arxiv_id
// Example: {"arxiv_id": "2101.00001"}
MATCH (w:Work {arxiv_id: $arxiv_id})
RETURN w.id AS id
ORDER BY id
LIMIT 1
