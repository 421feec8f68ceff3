// graph/import_duplicatecandidate_nodes: create exported DuplicateCandidate nodes with all their properties.
// Labels cannot be parameters, so each label has its own import query.
// Mode: write
// Parameters: $rows: [{key, props}]; returns each export key with the new node's id
// Example: {"rows": []}
UNWIND $rows AS row
CREATE (n:DuplicateCandidate)
SET n = row.props
RETURN row.key AS key, id(n) AS node
