// researcher/list_works: a page of a researcher's works, newest first, keyset-paged.
// Order: year descending (unknown year last), then id descending. The cursor is the
// (year, id) of the last row of the previous page; $after_year = null starts at the top.
// Parameters: $id, $after_year (int or null), $after_id (string or null), $limit (int)
// Example: {"id": "A5007671479", "after_year": null, "after_id": null, "limit": 5}
MATCH (:Researcher {id: $id})-[:AUTHORED]->(w:Work)
WITH w, coalesce(w.year, -1) AS y
WHERE $after_id IS NULL OR y < $after_year OR (y = $after_year AND w.id < $after_id)
RETURN w {.id, .title, .year, .type, .venue, .doi, .abstract, .arxiv_id, .openalex_id}
         AS work,
       y AS sort_year
ORDER BY sort_year DESC, work.id DESC
LIMIT $limit
