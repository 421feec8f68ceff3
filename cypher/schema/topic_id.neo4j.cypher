// schema/topic_id (Neo4j): uniqueness constraint (with its index) on Topic.id; idempotent.
// Parameters: none
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (t:Topic) REQUIRE t.id IS UNIQUE
