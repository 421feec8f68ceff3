// schema/duplicatecandidate_a (Neo4j): range index on DuplicateCandidate.a; idempotent.
// Parameters: none
CREATE INDEX duplicatecandidate_a IF NOT EXISTS FOR (d:DuplicateCandidate) ON (d.a)
