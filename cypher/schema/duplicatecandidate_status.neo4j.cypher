// schema/duplicatecandidate_status (Neo4j): range index on DuplicateCandidate.status; idempotent.
// Parameters: none
CREATE INDEX duplicatecandidate_status IF NOT EXISTS FOR (d:DuplicateCandidate) ON (d.status)
