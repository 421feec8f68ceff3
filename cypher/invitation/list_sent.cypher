// invitation/list_sent: invitations a user sent, newest first.
// Parameters: $user_id, $status (string or null = any), $limit (int)
// Example: {"user_id": "u-example", "status": null, "limit": 50}
MATCH (i:Invitation {from_user_id: $user_id})-[:TO]->(r:Researcher)
WHERE $status IS NULL OR i.status = $status
RETURN i {.id, .from_handle, .researcher_id, .message, .status, .created_at,
          .decided_at} AS invitation,
       r {.id, .name} AS researcher
ORDER BY invitation.created_at DESC, invitation.id DESC
LIMIT $limit
