// researcher/find_by_orcid: the researcher id for an ORCID.
// Parameters: $orcid (canonical 0000-0000-0000-0000)
MATCH (r:Researcher {orcid: $orcid})
RETURN r.id AS id
ORDER BY id
LIMIT 1
