// schema/institution_id (Neo4j): uniqueness constraint (with its index) on Institution.id; idempotent.
// Parameters: none
CREATE CONSTRAINT institution_id IF NOT EXISTS FOR (i:Institution) REQUIRE i.id IS UNIQUE
