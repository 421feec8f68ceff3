// graph/count_nodes: how many nodes the graph holds (an import needs an empty graph).
// Parameters: none
// Example: {}
MATCH (n)
RETURN count(n) AS nodes
