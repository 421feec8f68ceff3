// schema/graphmeta_id (Neo4j): uniqueness constraint (with its index) on GraphMeta.id; idempotent.
// Parameters: none
CREATE CONSTRAINT graphmeta_id IF NOT EXISTS FOR (t:GraphMeta) REQUIRE t.id IS UNIQUE
