// claim/list_claims: claims with one status (curators' queue), oldest first, keyset-paged
// on (created_at, id); $user_id = null lists everyone's, otherwise one user's claims.
// Parameters: $status (string or null = any), $user_id (string or null), $after_at (int or null), $after_id (string or null), $limit (int)
// Example: {"status": "pending", "user_id": null, "after_at": null, "after_id": null, "limit": 20}
MATCH (c:Claim)-[:FOR]->(r:Researcher)
WHERE ($status IS NULL OR c.status = $status)
  AND ($user_id IS NULL OR c.user_id = $user_id)
  AND ($after_id IS NULL OR c.created_at > $after_at
       OR (c.created_at = $after_at AND c.id > $after_id))
RETURN c {.id, .user_id, .user_handle, .researcher_id, .status, .orcid, .email, .note,
          .created_at, .updated_at, .transferred_from, .decided_by, .decision_reason} AS claim,
       r {.id, .name, .orcid} AS researcher
ORDER BY claim.created_at, claim.id
LIMIT $limit
