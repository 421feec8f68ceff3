// schema/user_id (Neo4j): uniqueness constraint (with its index) on User.id; idempotent.
// Parameters: none
CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE
