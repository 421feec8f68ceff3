// schema/user_id (FalkorDB): range index on User.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (u:User) ON (u.id)
