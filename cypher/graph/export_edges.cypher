// graph/export_edges: every relationship with its endpoints' export keys, type and properties.
// Parameters: none
// Example: {}
MATCH (a)-[e]->(b)
RETURN id(a) AS source, id(b) AS target, type(e) AS type, properties(e) AS props
