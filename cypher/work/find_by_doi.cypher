// work/find_by_doi: the work id for a DOI.
// Parameters: $doi (lower case, without https://doi.org/)
MATCH (w:Work {doi: $doi})
RETURN w.id AS id
ORDER BY id
LIMIT 1
