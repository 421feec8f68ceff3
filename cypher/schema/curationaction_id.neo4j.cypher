// schema/curationaction_id (Neo4j): uniqueness constraint (with its index) on CurationAction.id; idempotent.
// Parameters: none
CREATE CONSTRAINT curationaction_id IF NOT EXISTS FOR (c:CurationAction) REQUIRE c.id IS UNIQUE
