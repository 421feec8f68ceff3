// schema/duplicatecandidate_b (FalkorDB): range index on DuplicateCandidate.b; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (d:DuplicateCandidate) ON (d.b)
