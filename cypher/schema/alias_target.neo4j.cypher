// schema/alias_target (Neo4j): range index on Alias.target; idempotent.
// Parameters: none
CREATE INDEX alias_target IF NOT EXISTS FOR (a:Alias) ON (a.target)
