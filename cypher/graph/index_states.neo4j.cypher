// graph/index_states (Neo4j): every index with its state (ONLINE when usable).
// Parameters: none
// Example: {}
SHOW INDEXES YIELD labelsOrTypes, properties, state
RETURN labelsOrTypes[0] AS label, properties, state AS status
