// schema/user_handle (Neo4j): uniqueness constraint (with its index) on User.handle; idempotent.
// Parameters: none
CREATE CONSTRAINT user_handle IF NOT EXISTS FOR (u:User) REQUIRE u.handle IS UNIQUE
