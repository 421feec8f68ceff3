// work/find_by_s2_id: the work id for a Semantic Scholar paper id (s2:<paperId>).
// Parameters: $s2_id (the 40-hex paperId)
// Example: {"s2_id": "2d5673caa9e6af3a7b82a43f19ee920992db07ad"}
MATCH (w:Work {s2_id: $s2_id})
RETURN w.id AS id
ORDER BY id
LIMIT 1
