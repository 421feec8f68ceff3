// schema/duplicatecandidate_id (Neo4j): uniqueness constraint (with its index) on DuplicateCandidate.id; idempotent.
// Parameters: none
CREATE CONSTRAINT duplicatecandidate_id IF NOT EXISTS FOR (d:DuplicateCandidate) REQUIRE d.id IS UNIQUE
