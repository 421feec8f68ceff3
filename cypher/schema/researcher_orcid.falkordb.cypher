// schema/researcher_orcid (FalkorDB): range index on Researcher.orcid; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (r:Researcher) ON (r.orcid)
