// schema/duplicatecandidate_a (FalkorDB): range index on DuplicateCandidate.a; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (d:DuplicateCandidate) ON (d.a)
