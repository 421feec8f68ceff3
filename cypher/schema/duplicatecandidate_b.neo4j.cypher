// schema/duplicatecandidate_b (Neo4j): range index on DuplicateCandidate.b; idempotent.
// Parameters: none
CREATE INDEX duplicatecandidate_b IF NOT EXISTS FOR (d:DuplicateCandidate) ON (d.b)
