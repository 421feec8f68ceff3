// schema/invitation_id (Neo4j): uniqueness constraint (with its index) on Invitation.id; idempotent.
// Parameters: none
CREATE CONSTRAINT invitation_id IF NOT EXISTS FOR (n:Invitation) REQUIRE n.id IS UNIQUE
