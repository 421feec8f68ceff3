// schema/claim_id (Neo4j): uniqueness constraint (with its index) on Claim.id; idempotent.
// Parameters: none
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE
