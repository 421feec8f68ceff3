// invitation/get_invitation: one invitation with its researcher and the record's owner.
// Parameters: $id
// Example: {"id": "i-example"}
MATCH (i:Invitation {id: $id})-[:TO]->(r:Researcher)
RETURN i {.id, .from_handle, .from_user_id, .researcher_id, .message, .status,
          .created_at, .decided_at} AS invitation,
       r {.id, .name} AS researcher,
       [(r)<-[:FOR]-(c:Claim) WHERE c.status IN ['approved', 'verified'] | c.user_id][0]
         AS owner_id
