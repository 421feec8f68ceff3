// ingest/get_work_state: what the graph already holds for works about to be written, so
// the pipeline can apply exact differences (fields, authors, topics, coauthor weights).
// Each AUTHORED edge comes as [researcher id, sources, position, corresponding] and each
// HAS_TOPIC edge as [topic id, sources, score], so a newer version that only reorders the
// byline or rescores a topic is still seen as a change. (OPTIONAL MATCH
// and collect, not pattern comprehensions: FalkorDB 4.x read stale edge properties in a
// comprehension next to properties(w).) `overrides` are the work's ASSIGNED_TO edges left
// by curators' splits: authorships naming any of `from_keys` belong to the target record.
// Parameters: $ids: [work id]
// Example: {"ids": ["W2741809807"]}
UNWIND $ids AS wid
MATCH (w:Work {id: wid})
OPTIONAL MATCH (r:Researcher)-[a:AUTHORED]->(w)
WITH w, collect([r.id, a.sources, a.position, a.corresponding]) AS authored
OPTIONAL MATCH (w)-[h:HAS_TOPIC]->(t:Topic)
WITH w, authored, collect([t.id, h.sources, h.score]) AS topical
OPTIONAL MATCH (w)-[o:ASSIGNED_TO]->(b:Researcher)
WITH w, authored, topical, collect([o.from_keys, b.id, o.at]) AS assigned
RETURN w.id AS id,
       properties(w) AS props,
       [x IN authored WHERE x[0] IS NOT NULL] AS authors,
       [x IN topical WHERE x[0] IS NOT NULL] AS topics,
       [x IN assigned WHERE x[1] IS NOT NULL] AS overrides
