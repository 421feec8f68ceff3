// schema/researcher_name_fulltext (Neo4j): full-text index on Researcher.name for search and autocomplete.
// Parameters: none
CREATE FULLTEXT INDEX researcher_name_fulltext IF NOT EXISTS FOR (r:Researcher) ON EACH [r.name]
