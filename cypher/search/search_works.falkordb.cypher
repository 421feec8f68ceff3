// search/search_works (FalkorDB): works whose title matches a full-text query, best first.
// Parameters: $q (a sanitised full-text query), $limit (int)
// Example: {"q": "biodiversity", "limit": 5}
CALL db.idx.fulltext.queryNodes('Work', $q) YIELD node, score
RETURN node.id AS id, node.title AS title, node.year AS year, score
ORDER BY score DESC, id
LIMIT $limit
