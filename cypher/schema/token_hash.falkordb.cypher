// schema/token_hash (FalkorDB): range index on Token.hash; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (t:Token) ON (t.hash)
