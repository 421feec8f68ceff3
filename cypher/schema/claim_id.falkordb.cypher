// schema/claim_id (FalkorDB): range index on Claim.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (n:Claim) ON (n.id)
