// follow/list_feed: works added to the graph (Work.created_at, set once by ingest) after
// both the user's last look ($mark) and the moment they followed an author of the work,
// by researchers the user follows; newest first, one row per work, keyset-paged on
// (created_at, id). $mark = null means the user never looked: every follow counts from
// its `since`.
// Parameters: $user_id, $mark (int or null), $after_at (int or null), $after_id (string or null), $limit (int)
// Example: {"user_id": "u-example", "mark": null, "after_at": null, "after_id": null, "limit": 20}
MATCH (:User {id: $user_id})-[f:FOLLOWS]->(r:Researcher)-[:AUTHORED]->(w:Work)
WITH w, r,
     CASE WHEN $mark IS NULL OR f.since > $mark THEN f.since ELSE $mark END AS threshold
WHERE w.created_at > threshold
WITH w, collect(DISTINCT r {.id, .name}) AS followed_authors
WHERE $after_id IS NULL OR w.created_at < $after_at
      OR (w.created_at = $after_at AND w.id < $after_id)
RETURN w {.id, .title, .year, .type, .venue, .doi, .openalex_id} AS work,
       w.created_at AS added_at,
       followed_authors
ORDER BY added_at DESC, work.id DESC
LIMIT $limit
