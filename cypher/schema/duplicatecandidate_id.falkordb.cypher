// schema/duplicatecandidate_id (FalkorDB): range index on DuplicateCandidate.id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (d:DuplicateCandidate) ON (d.id)
