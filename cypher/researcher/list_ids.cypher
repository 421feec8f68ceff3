// researcher/list_ids: researcher ids in id order, a page at a time (for `graphsvc recount`).
// Parameters: $after (id or ""), $limit (int)
// Example: {"after": "", "limit": 10}
MATCH (r:Researcher)
WHERE r.id > $after
RETURN r.id AS id
ORDER BY id
LIMIT $limit
