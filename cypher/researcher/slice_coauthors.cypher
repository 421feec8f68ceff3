// researcher/slice_coauthors: coauthor nodes around a researcher with the shared-works
// weight, most shared first, capped; with the total.
// Parameters: $id, $limit (int)
// Example: {"id": "A5007671479", "limit": 5}
MATCH (:Researcher {id: $id})-[c:COAUTHOR]-(o:Researcher)
WITH o, c ORDER BY c.works DESC, o.id
WITH collect(o {.id, .name, shared_works: c.works}) AS coauthors
RETURN size(coauthors) AS total, coauthors[0..$limit] AS items
