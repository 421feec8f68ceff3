// schema/alias_target (FalkorDB): range index on Alias.target; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (a:Alias) ON (a.target)
