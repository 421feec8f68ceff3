// researcher/slice_works: the research graph's work nodes around a researcher, newest
// first, capped; with the total so the explorer can say "N more".
// Parameters: $id, $limit (int)
// Example: {"id": "A5007671479", "limit": 5}
MATCH (:Researcher {id: $id})-[a:AUTHORED]->(w:Work)
WITH w, a ORDER BY coalesce(w.year, -1) DESC, w.id DESC
WITH collect(w {.id, .title, .year, .type, position: a.position}) AS works
RETURN size(works) AS total, works[0..$limit] AS items
