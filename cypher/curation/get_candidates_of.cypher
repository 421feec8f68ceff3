// curation/get_candidates_of: every candidate duplicate pair (any status) that names one
// of the given researchers, through the DuplicateCandidate.a and .b indexes.
// Parameters: $ids: [researcher id]
// Example: {"ids": ["A5007671479"]}
UNWIND $ids AS rid
MATCH (d:DuplicateCandidate {a: rid})
RETURN properties(d) AS candidate
UNION
UNWIND $ids AS rid
MATCH (d:DuplicateCandidate {b: rid})
RETURN properties(d) AS candidate
