// graph/export_nodes: every node with an export-local key, its labels and properties.
// The key (the engine's internal id) only joins edges to nodes inside one export.
// Parameters: none
// Example: {}
MATCH (n)
RETURN id(n) AS key, labels(n) AS labels, properties(n) AS props
