// work/find_by_dblp_key: the work id for a DBLP key (dblp:<key>), e.g. from a BibTeX file.
// Parameters: $dblp_key (without "DBLP:")
// Example: {"dblp_key": "conf/icml/MnihG14"}
MATCH (w:Work {dblp_key: $dblp_key})
RETURN w.id AS id
ORDER BY id
LIMIT 1
