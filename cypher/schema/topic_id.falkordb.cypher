// schema/topic_id (FalkorDB): range index on Topic.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (t:Topic) ON (t.id)
