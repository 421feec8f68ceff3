// researcher/slice_top_coauthors: the top coauthors of several researchers at once (the
// research graph's second ring), from their stored top lists (or their few edges), each capped at $limit (up to
// the lists' length), with every researcher's coauthor total.
// Parameters: $ids: [researcher id], $limit (int)
// Example: {"ids": ["A5007671479"], "limit": 5}
UNWIND $ids AS rid
MATCH (r:Researcher {id: rid})
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
RETURN r.id AS id, listed_coauthors + sorted_coauthors AS items,
       coalesce(r.coauthors_count, 0) AS total
