// curation/get_candidate: one candidate duplicate pair with both researchers as they are
// now (a side that was merged away is null).
// Parameters: $id
// Example: {"id": "dup-example"}
MATCH (d:DuplicateCandidate {id: $id})
OPTIONAL MATCH (a:Researcher {id: d.a})
OPTIONAL MATCH (b:Researcher {id: d.b})
RETURN properties(d) AS candidate,
       a {.id, .name, .alt_names, .orcid, .openalex_id, .s2_id, .dblp_name, .merged_ids,
          works_count: size([(a)-[:AUTHORED]->(wa:Work) | wa])} AS a,
       b {.id, .name, .alt_names, .orcid, .openalex_id, .s2_id, .dblp_name, .merged_ids,
          works_count: size([(b)-[:AUTHORED]->(wb:Work) | wb])} AS b
