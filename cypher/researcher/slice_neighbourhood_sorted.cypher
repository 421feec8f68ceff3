// researcher/slice_neighbourhood_sorted: the research graph's first ring around a
// researcher, sorting every edge (researcher/slice_neighbourhood reads the stored top
// lists instead; this one serves slices larger than those lists). In one call: their works
// (newest first), coauthors (most shared works first), topics (most works first) and
// institutions (most recent first), each capped at $limit, with totals (from the derived
// counts where ingest keeps them) so the explorer can say "N more".
// Parameters: $id, $limit (int)
// Example: {"id": "A5007671479", "limit": 5}
MATCH (r:Researcher {id: $id})
CALL {
  WITH r
  OPTIONAL MATCH (r)-[a:AUTHORED]->(w:Work)
  WITH w, a ORDER BY coalesce(w.year, -1) DESC, w.id
  LIMIT $limit
  RETURN collect(w {.id, .title, .year, .type, position: a.position}) AS works
}
CALL {
  WITH r
  OPTIONAL MATCH (r)-[c:COAUTHOR]-(o:Researcher)
  WITH o, c ORDER BY c.works DESC, o.id
  LIMIT $limit
  RETURN collect(o {.id, .name, shared_works: c.works}) AS coauthors
}
CALL {
  WITH r
  OPTIONAL MATCH (r)-[x:WORKS_ON]->(t:Topic)
  WITH t, x ORDER BY x.works DESC, t.id
  LIMIT $limit
  RETURN collect(t {.id, .name, .field, works: x.works}) AS topics
}
CALL {
  WITH r
  OPTIONAL MATCH (r)-[f:AFFILIATED_WITH]->(n:Institution)
  WITH n, f ORDER BY f.last_year DESC, n.id
  RETURN collect(n {.id, .name, .country, first_year: f.first_year, last_year: f.last_year})
         AS institutions
}
RETURN works, coalesce(r.works_count, 0) AS works_total,
       coauthors, coalesce(r.coauthors_count, 0) AS coauthors_total,
       topics, coalesce(r.topics_count, 0) AS topics_total,
       institutions[0..$limit] AS institutions, size(institutions) AS institutions_total
