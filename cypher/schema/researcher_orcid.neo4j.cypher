// schema/researcher_orcid (Neo4j): range index on Researcher.orcid; idempotent.
// Parameters: none
CREATE INDEX researcher_orcid IF NOT EXISTS FOR (r:Researcher) ON (r.orcid)
