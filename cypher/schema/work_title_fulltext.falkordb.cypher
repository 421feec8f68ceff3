// schema/work_title_fulltext (FalkorDB): full-text index on Work.title for search and autocomplete.
// Parameters: none
CALL db.idx.fulltext.createNodeIndex('Work', 'title')
