// schema/user_handle (FalkorDB): range index on User.handle; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (u:User) ON (u.handle)
