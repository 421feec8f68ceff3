// researcher/find_by_openalex_id: the researcher node carrying an OpenAlex author id (its
// node id may differ when another source created it first, e.g. "orcid:...").
// Parameters: $openalex_id
// Example: {"openalex_id": "A5007671479"}
MATCH (r:Researcher {openalex_id: $openalex_id})
RETURN r.id AS id
ORDER BY id
LIMIT 1
