// graph/list_schema (FalkorDB): every index and constraint, to prove refused DDL changed none.
// Parameters: none
// Example: {}
CALL db.indexes() YIELD label, properties, types
RETURN 'index' AS kind, label, properties, types
UNION
CALL db.constraints() YIELD label, properties, type
RETURN 'constraint' AS kind, label, properties, type AS types
