// schema/alias_id (Neo4j): uniqueness constraint (with its index) on Alias.id; idempotent.
// Parameters: none
CREATE CONSTRAINT alias_id IF NOT EXISTS FOR (a:Alias) REQUIRE a.id IS UNIQUE
