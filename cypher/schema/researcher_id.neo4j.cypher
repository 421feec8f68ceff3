// schema/researcher_id (Neo4j): uniqueness constraint (with its index) on Researcher.id; idempotent.
// Parameters: none
CREATE CONSTRAINT researcher_id IF NOT EXISTS FOR (r:Researcher) REQUIRE r.id IS UNIQUE
