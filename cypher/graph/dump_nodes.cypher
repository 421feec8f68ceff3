// graph/dump_nodes: every node with its labels and properties (checksums, export).
// Parameters: none
// Example: {}
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props
