// researcher/find_by_orcid: the researcher id for an ORCID.
// Parameters: $orcid (canonical 0000-0000-0000-0000)
// Example: {"orcid": "0000-0002-2602-6482"}
MATCH (r:Researcher {orcid: $orcid})
RETURN r.id AS id
ORDER BY id
LIMIT 1
