// schema/work_id (Neo4j): uniqueness constraint (with its index) on Work.id; idempotent.
// Parameters: none
CREATE CONSTRAINT work_id IF NOT EXISTS FOR (w:Work) REQUIRE w.id IS UNIQUE
