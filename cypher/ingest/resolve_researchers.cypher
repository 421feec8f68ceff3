// ingest/resolve_researchers: which existing Researcher node (if any) each author is.
// Identified only by identifiers (OpenAlex author id, ORCID, S2 author id, DBLP name with
// its homonym suffix); names alone never match. The pipeline refuses a match whose node
// carries a different OpenAlex author id. Each match comes with the properties ingest
// writes, so a batch sends only what changed.
// Parameters: $rows: [{key, openalex_id, orcid, s2_id, dblp_name}] (absent ids are null)
// Example: {"rows": [{"key": "k", "openalex_id": "A5007671479", "orcid": null, "s2_id": null, "dblp_name": null}]}
UNWIND $rows AS row
OPTIONAL MATCH (a:Researcher {openalex_id: row.openalex_id})
OPTIONAL MATCH (b:Researcher {orcid: row.orcid})
OPTIONAL MATCH (c:Researcher {s2_id: row.s2_id})
OPTIONAL MATCH (d:Researcher {dblp_name: row.dblp_name})
RETURN row.key AS key,
       [x IN [a, b, c, d] WHERE x IS NOT NULL
         | [x.id, x.openalex_id, x {.name, .openalex_id, .orcid, .s2_id, .dblp_name, .name_key}]]
         AS matches
