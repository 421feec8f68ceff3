// invitation/list_inbox: invitations to the records a user owns, newest first.
// Parameters: $user_id, $status (string or null = any), $limit (int)
// Example: {"user_id": "u-example", "status": null, "limit": 50}
MATCH (:User {id: $user_id})-[:MADE]->(c:Claim)-[:FOR]->(r:Researcher)<-[:TO]-(i:Invitation)
WHERE c.status IN ['approved', 'verified'] AND ($status IS NULL OR i.status = $status)
RETURN i {.id, .from_handle, .researcher_id, .message, .status, .created_at,
          .decided_at} AS invitation,
       r {.id, .name} AS researcher
ORDER BY invitation.created_at DESC, invitation.id DESC
LIMIT $limit
