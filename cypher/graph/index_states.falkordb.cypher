// graph/index_states (FalkorDB): every index with its state; a bulk load waits until each
// is OPERATIONAL on its staging graph before publishing it.
// Parameters: none
// Example: {}
CALL db.indexes() YIELD label, properties, status
RETURN label, properties, status
