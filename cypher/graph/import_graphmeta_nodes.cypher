// graph/import_graphmeta_nodes: create exported GraphMeta nodes with all their properties.
// Labels cannot be parameters, so each label has its own import query.
// Mode: write
// Parameters: $rows: [{key, props}]; returns each export key with the new node's id
// Example: {"rows": []}
UNWIND $rows AS row
CREATE (n:GraphMeta)
SET n = row.props
RETURN row.key AS key, id(n) AS node
