// researcher/slice_neighbourhood: the research graph's first ring around a researcher, for
// $limit up to the length of the stored top lists: a hub's works, coauthors and topics come
// from its lists, in order, so it costs what anyone else does; a researcher without lists has
// few enough edges to sort (larger slices use researcher/slice_neighbourhood_sorted). In one call: their works (newest first),
// coauthors (most shared works first), topics (most works first) and institutions (most
// recent first), each capped at $limit, with totals (from the derived counts where ingest
// keeps them) so the explorer can say "N more". A listed work is found by its id first
// (the WITH keeps FalkorDB from walking all of a hub's works to find it), then its edge.
// Parameters: $id, $limit (int)
// Example: {"id": "A5007671479", "limit": 5}
MATCH (r:Researcher {id: $id})
CALL {
  WITH r
  WITH r WHERE r.top_works IS NOT NULL
  UNWIND r.top_works[0..$limit] AS entry
  MATCH (w:Work {id: substring(entry, 6)})
  WITH r, w
  MATCH (r)-[a:AUTHORED]->(w)
  RETURN collect(w {.id, .title, .year, .type, position: a.position}) AS listed_works
}
CALL {
  WITH r
  WITH r WHERE r.top_works IS NULL
  OPTIONAL MATCH (r)-[a:AUTHORED]->(w:Work)
  WITH w, a ORDER BY coalesce(w.year, -1) DESC, w.id
  LIMIT $limit
  RETURN collect(w {.id, .title, .year, .type, position: a.position}) AS sorted_works
}
CALL {
  WITH r
  WITH r WHERE r.top_coauthors IS NOT NULL
  UNWIND r.top_coauthors[0..$limit] AS entry
  MATCH (o:Researcher {id: substring(entry, 11)})
  RETURN collect(o {.id, .name, shared_works: 10000000000 - toInteger(substring(entry, 0, 10))})
         AS listed_coauthors
}
CALL {
  WITH r
  WITH r WHERE r.top_coauthors IS NULL
  OPTIONAL MATCH (r)-[c:COAUTHOR]-(o:Researcher)
  WITH o, c ORDER BY c.works DESC, o.id
  LIMIT $limit
  RETURN collect(o {.id, .name, shared_works: c.works}) AS sorted_coauthors
}
CALL {
  WITH r
  WITH r WHERE r.top_topics IS NOT NULL
  UNWIND r.top_topics[0..$limit] AS entry
  MATCH (t:Topic {id: substring(entry, 11)})
  RETURN collect(t {.id, .name, .field, works: 10000000000 - toInteger(substring(entry, 0, 10))})
         AS listed_topics
}
CALL {
  WITH r
  WITH r WHERE r.top_topics IS NULL
  OPTIONAL MATCH (r)-[x:WORKS_ON]->(t:Topic)
  WITH t, x ORDER BY x.works DESC, t.id
  LIMIT $limit
  RETURN collect(t {.id, .name, .field, works: x.works}) AS sorted_topics
}
CALL {
  WITH r
  OPTIONAL MATCH (r)-[f:AFFILIATED_WITH]->(n:Institution)
  WITH n, f ORDER BY f.last_year DESC, n.id
  RETURN collect(n {.id, .name, .country, first_year: f.first_year, last_year: f.last_year})
         AS institutions
}
RETURN listed_works + sorted_works AS works, coalesce(r.works_count, 0) AS works_total,
       listed_coauthors + sorted_coauthors AS coauthors,
       coalesce(r.coauthors_count, 0) AS coauthors_total,
       listed_topics + sorted_topics AS topics, coalesce(r.topics_count, 0) AS topics_total,
       institutions[0..$limit] AS institutions, size(institutions) AS institutions_total
