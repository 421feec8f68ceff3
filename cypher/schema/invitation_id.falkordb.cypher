// schema/invitation_id (FalkorDB): range index on Invitation.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (n:Invitation) ON (n.id)
