// researcher/slice_institutions: institutions a researcher was affiliated with, most
// recent first, capped; with the total.
// Parameters: $id, $limit (int)
// Example: {"id": "A5007671479", "limit": 5}
MATCH (:Researcher {id: $id})-[a:AFFILIATED_WITH]->(i:Institution)
WITH i, a ORDER BY a.last_year DESC, i.id
WITH collect(i {.id, .name, .country, first_year: a.first_year, last_year: a.last_year})
     AS institutions
RETURN size(institutions) AS total, institutions[0..$limit] AS items
