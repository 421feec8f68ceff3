// follow/list_following: the researchers a user follows, most recently followed first.
// Keyset-paged on (since, id): $after_id = null starts at the top.
// Parameters: $user_id, $after_since (int or null), $after_id (string or null), $limit (int)
// Example: {"user_id": "u-example", "after_since": null, "after_id": null, "limit": 20}
MATCH (:User {id: $user_id})-[f:FOLLOWS]->(r:Researcher)
WITH r, f.since AS since
WHERE $after_id IS NULL OR since < $after_since OR (since = $after_since AND r.id < $after_id)
RETURN r {.id, .name} AS researcher, since
ORDER BY since DESC, researcher.id DESC
LIMIT $limit
