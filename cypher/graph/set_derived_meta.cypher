// graph/set_derived_meta: record the threshold the derived counts were (re)built with.
// Mode: write
// Parameters: $close_min (int), $version (int)
// Example: {"close_min": 2, "version": 2}
MERGE (m:GraphMeta {id: 'derived'})
SET m.close_min = $close_min, m.version = $version
RETURN m.close_min AS close_min
