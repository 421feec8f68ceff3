// schema/duplicatecandidate_status (FalkorDB): range index on DuplicateCandidate.status; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (d:DuplicateCandidate) ON (d.status)
