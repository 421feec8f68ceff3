// schema/researcher_name_fulltext (FalkorDB): full-text index on Researcher.name for search and autocomplete.
// Parameters: none
CALL db.idx.fulltext.createNodeIndex('Researcher', 'name')
