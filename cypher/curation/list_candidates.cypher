// curation/list_candidates: candidate duplicate pairs with one status (null = any), oldest
// first, keyset-paged on (created_at, id), each with both researchers, their identifiers
// and works counts.
// Parameters: $status (string or null), $after_at (int or null), $after_id (string or null), $limit (int)
// Example: {"status": "pending", "after_at": null, "after_id": null, "limit": 20}
MATCH (d:DuplicateCandidate)
WHERE ($status IS NULL OR d.status = $status)
  AND ($after_id IS NULL OR d.created_at > $after_at
       OR (d.created_at = $after_at AND d.id > $after_id))
WITH d
ORDER BY d.created_at, d.id
LIMIT $limit
OPTIONAL MATCH (a:Researcher {id: d.a})
OPTIONAL MATCH (b:Researcher {id: d.b})
RETURN properties(d) AS candidate,
       a {.id, .name, .alt_names, .orcid, .openalex_id, .s2_id, .dblp_name, .merged_ids,
          works_count: size([(a)-[:AUTHORED]->(wa:Work) | wa])} AS a,
       b {.id, .name, .alt_names, .orcid, .openalex_id, .s2_id, .dblp_name, .merged_ids,
          works_count: size([(b)-[:AUTHORED]->(wb:Work) | wb])} AS b
ORDER BY candidate.created_at, candidate.id
