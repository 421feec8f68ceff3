// curation/list_actions: the curation history, newest first, keyset-paged on (at, id);
// $researcher (or null = all) narrows to actions naming that researcher id.
// Parameters: $researcher (string or null), $before_at (int or null), $before_id (string or null), $limit (int)
// Example: {"researcher": null, "before_at": null, "before_id": null, "limit": 20}
MATCH (c:CurationAction)
WHERE ($researcher IS NULL OR $researcher IN c.researchers)
  AND ($before_id IS NULL OR c.at < $before_at OR (c.at = $before_at AND c.id < $before_id))
RETURN properties(c) AS action
ORDER BY action.at DESC, action.id DESC
LIMIT $limit
