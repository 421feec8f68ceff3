// researcher/find_by_s2_id: the researcher id for a Semantic Scholar author id (s2:<authorId>).
// Parameters: $s2_id
// Example: {"s2_id": "2262347"}
MATCH (r:Researcher {s2_id: $s2_id})
RETURN r.id AS id
ORDER BY id
LIMIT 1
