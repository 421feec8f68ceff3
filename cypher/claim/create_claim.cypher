// claim/create_claim: a pending claim with its evidence and a "submit" history entry.
// Creates nothing when the record already has an owner or this user already has a
// pending claim on it (checked in the same statement, so two racing claims cannot both
// pass).
// Mode: write
// Parameters: $id, $user_id, $researcher_id, $orcid, $email, $note (strings or null), $now (epoch ms)
// Example: {"id": "c-example", "user_id": "u-example", "researcher_id": "A5007671479", "orcid": null, "email": null, "note": "example", "now": 0}
MATCH (u:User {id: $user_id}), (r:Researcher {id: $researcher_id})
OPTIONAL MATCH (r)<-[:FOR]-(o:Claim)
WHERE o.status IN ['approved', 'verified'] OR (o.status = 'pending' AND o.user_id = $user_id)
WITH u, r, count(o) AS blocking
WHERE blocking = 0
CREATE (u)-[:MADE]->(c:Claim {id: $id, user_id: u.id, user_handle: u.handle,
                               researcher_id: r.id, status: 'pending', orcid: $orcid,
                               email: $email, note: $note, created_at: $now,
                               updated_at: $now, decisions: 1})-[:FOR]->(r)
CREATE (c)-[:HAS_DECISION]->(:ClaimDecision {seq: 1, action: 'submit', to_status: 'pending',
                                             by_id: u.id, by_handle: u.handle, at: $now})
RETURN c.id AS id
