// researcher/list_collaborators: coauthors with at least $min_shared shared works,
// most shared first, then by name and id.
// Parameters: $id, $min_shared (int), $limit (int)
// Example: {"id": "A5007671479", "min_shared": 1, "limit": 10}
MATCH (:Researcher {id: $id})-[c:COAUTHOR]-(o:Researcher)
WHERE c.works >= $min_shared
RETURN o.id AS id, o.name AS name, c.works AS shared_works
ORDER BY shared_works DESC, name, id
LIMIT $limit
