// ingest/get_name_groups: the stored researcher records with each name key (the
// normalised name that candidate duplicates are found by), at most $limit per key through
// the Researcher.name_key index, so a batch costs what it names and never scans the graph.
// Parameters: $keys: [name key], $limit (int: the pipeline's group cap + 1)
// Example: {"keys": ["raffaello cervigni"], "limit": 21}
UNWIND $keys AS k
CALL {
  WITH k
  MATCH (r:Researcher {name_key: k})
  WITH r
  LIMIT $limit
  RETURN collect(r {.id, .orcid, .dblp_name, .openalex_id, .s2_id}) AS members
}
RETURN k AS name_key, members
