// researcher/list_most_productive: researchers with the most works (the demo names one).
// Parameters: $limit (int)
// Example: {"limit": 3}
MATCH (r:Researcher)-[:AUTHORED]->(w:Work)
WITH r, count(w) AS works
RETURN r.id AS id, r.name AS name, works
ORDER BY works DESC, id
LIMIT $limit
