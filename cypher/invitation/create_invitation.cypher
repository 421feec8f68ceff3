// invitation/create_invitation: a pending invitation to a claimed researcher who is open
// to collaborate; creates nothing otherwise (checked in the same statement).
// Mode: write
// Parameters: $id, $user_id, $researcher_id, $message, $now (epoch ms)
// Example: {"id": "i-example", "user_id": "u-example", "researcher_id": "A5007671479", "message": "example", "now": 0}
MATCH (u:User {id: $user_id}), (r:Researcher {id: $researcher_id})
WHERE r.claimed = true AND r.open_to_collaborate = true
CREATE (u)-[:SENT]->(i:Invitation {id: $id, from_user_id: u.id, from_handle: u.handle,
                                    researcher_id: r.id, message: $message,
                                    status: 'pending', created_at: $now})-[:TO]->(r)
RETURN i.id AS id
