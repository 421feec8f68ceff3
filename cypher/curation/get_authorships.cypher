// curation/get_authorships: every authorship of the given works (researcher id, sources,
// position, corresponding) and the works' ASSIGNED_TO overrides ([id, from_keys, target]),
// the state a merge or split computes its exact COAUTHOR differences from. (OPTIONAL
// MATCH and collect rather than comprehensions, as in ingest/get_work_state.)
// Parameters: $ids: [work id]
// Example: {"ids": ["W2741809807"]}
UNWIND $ids AS wid
MATCH (w:Work {id: wid})
OPTIONAL MATCH (r:Researcher)-[a:AUTHORED]->(w)
WITH w, collect([r.id, a.sources, a.position, a.corresponding]) AS authored
OPTIONAL MATCH (w)-[o:ASSIGNED_TO]->(b:Researcher)
WITH w, authored, collect([o.id, o.from_keys, b.id]) AS assigned
RETURN w.id AS id,
       [x IN authored WHERE x[0] IS NOT NULL] AS authors,
       [x IN assigned WHERE x[2] IS NOT NULL] AS overrides
