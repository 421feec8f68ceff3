// researcher/find_by_dblp_name: the researcher id for a DBLP name with its homonym suffix.
// Parameters: $dblp_name (e.g. "Tong Zhang 0001")
// Example: {"dblp_name": "Tong Zhang 0001"}
MATCH (r:Researcher {dblp_name: $dblp_name})
RETURN r.id AS id
ORDER BY id
LIMIT 1
