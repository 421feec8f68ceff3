// graph/import_assigned_to_edges: create exported ASSIGNED_TO relationships between imported nodes.
// Types cannot be parameters, so each type has its own import query.
// Mode: write
// Parameters: $rows: [{source, target, props}] with source/target the new nodes' ids
// Example: {"rows": []}
UNWIND $rows AS row
MATCH (a)
WHERE id(a) = row.source
MATCH (b)
WHERE id(b) = row.target
CREATE (a)-[e:ASSIGNED_TO]->(b)
SET e = row.props
RETURN count(e) AS created
