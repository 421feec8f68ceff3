// schema/alias_id (FalkorDB): range index on Alias.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (a:Alias) ON (a.id)
