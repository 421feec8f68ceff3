// schema/graphmeta_id (FalkorDB): range index on GraphMeta.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (t:GraphMeta) ON (t.id)
