// search/search_researchers (Neo4j): researchers whose name matches a full-text query,
// best first, with their works count for disambiguation.
// Parameters: $q (a sanitised full-text query, prefixes as term*), $limit (int)
// Example: {"q": "Cervig*", "limit": 5}
CALL db.index.fulltext.queryNodes('researcher_name_fulltext', $q) YIELD node, score
RETURN node.id AS id, node.name AS name, score,
       size([(node)-[:AUTHORED]->(w:Work) | w]) AS works_count
ORDER BY score DESC, works_count DESC, id
LIMIT $limit
