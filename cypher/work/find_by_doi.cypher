// work/find_by_doi: the work id for a DOI.
// Parameters: $doi (lower case, without https://doi.org/)
// Example: {"doi": "10.4337/9781035335510"}
MATCH (w:Work {doi: $doi})
RETURN w.id AS id
ORDER BY id
LIMIT 1
