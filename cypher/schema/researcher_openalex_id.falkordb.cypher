// schema/researcher_openalex_id (FalkorDB): range index on Researcher.openalex_id; graphsvc ignores "already indexed".
// Parameters: none
CREATE INDEX FOR (r:Researcher) ON (r.openalex_id)
