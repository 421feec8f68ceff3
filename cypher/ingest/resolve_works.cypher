// ingest/resolve_works: which existing Work node (if any) each incoming record is.
// A work is the same work when its OpenAlex id, DOI, arXiv id, S2 id or DBLP key matches; the
// pipeline refuses a DOI/arXiv/S2 match whose node carries a different OpenAlex id
// (OpenAlex says those are two works until it lists one in merged_ids).
// Parameters: $rows: [{key, openalex_id, doi, arxiv_id, s2_id, dblp_key}] (absent ids are null)
// Example: {"rows": [{"key": 0, "openalex_id": null, "doi": "10.1/x", "arxiv_id": null, "s2_id": null, "dblp_key": null}]}
UNWIND $rows AS row
OPTIONAL MATCH (a:Work {openalex_id: row.openalex_id})
OPTIONAL MATCH (b:Work {doi: row.doi})
OPTIONAL MATCH (c:Work {arxiv_id: row.arxiv_id})
OPTIONAL MATCH (d:Work {s2_id: row.s2_id})
OPTIONAL MATCH (e:Work {dblp_key: row.dblp_key})
RETURN row.key AS key,
       [x IN [a, b, c, d, e] WHERE x IS NOT NULL | [x.id, x.openalex_id]] AS matches
