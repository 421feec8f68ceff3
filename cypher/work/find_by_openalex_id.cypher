// work/find_by_openalex_id: the work node carrying an OpenAlex work id (its node id may
// differ when another source created it first, e.g. "doi:...").
// Parameters: $openalex_id
// Example: {"openalex_id": "W2526253498"}
MATCH (w:Work {openalex_id: $openalex_id})
RETURN w.id AS id
ORDER BY id
LIMIT 1
