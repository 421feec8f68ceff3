// graph/dump_edges: every relationship with its endpoints' ids, type and properties.
// Parameters: none
// Example: {}
MATCH (a)-[e]->(b)
RETURN labels(a)[0] AS source_label, a.id AS source, type(e) AS type,
       labels(b)[0] AS target_label, b.id AS target, properties(e) AS props
