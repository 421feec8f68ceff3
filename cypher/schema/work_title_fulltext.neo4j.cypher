// schema/work_title_fulltext (Neo4j): full-text index on Work.title for search and autocomplete.
// Parameters: none
CREATE FULLTEXT INDEX work_title_fulltext IF NOT EXISTS FOR (w:Work) ON EACH [w.title]
