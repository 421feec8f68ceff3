// work/slice_authors: the graph slice around a work: its authors, capped, with the total.
// Parameters: $id, $limit (int)
// Example: {"id": "W2526253498", "limit": 5}
MATCH (r:Researcher)-[a:AUTHORED]->(:Work {id: $id})
WITH r, a ORDER BY r.id
WITH collect(r {.id, .name, position: a.position}) AS authors
RETURN size(authors) AS total, authors[0..$limit] AS items
