// schema/token_hash (Neo4j): uniqueness constraint (with its index) on Token.hash; idempotent.
// Parameters: none
CREATE CONSTRAINT token_hash IF NOT EXISTS FOR (t:Token) REQUIRE t.hash IS UNIQUE
