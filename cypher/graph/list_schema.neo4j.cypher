// graph/list_schema (Neo4j): every index (constraints own theirs), to prove refused DDL changed none.
// Parameters: none
// Example: {}
SHOW INDEXES YIELD name, labelsOrTypes, properties, type
RETURN 'index' AS kind, labelsOrTypes AS label, properties, type AS types, name
