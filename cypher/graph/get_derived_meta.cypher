// graph/get_derived_meta: the close-collaborator threshold the researchers' derived counts
// were built with (null before the first load), the version of that derived state, and whether the graph holds researchers,
// so the service can refuse a threshold setting that no longer matches its counts.
// Parameters: none
// Example: {}
OPTIONAL MATCH (m:GraphMeta {id: 'derived'})
WITH m
OPTIONAL MATCH (r:Researcher)
WITH m, r
LIMIT 1
RETURN m.close_min AS close_min, m.version AS version, r IS NOT NULL AS has_researchers
