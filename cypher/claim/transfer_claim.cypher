// claim/transfer_claim: a curator moves ownership of a record to another user in one
// statement: the owner's claim becomes "transferred" and the new owner gets an approved
// claim; both keep the decision (who, when, why). "Open to collaborate" resets, since
// the new owner decides it.
// Mode: write
// Parameters: $id, $from (list), $new_id, $to_user_id, $by_id, $by_handle, $reason, $now (epoch ms)
// Example: {"id": "c-example", "from": ["approved", "verified"], "new_id": "c-example-2", "to_user_id": "u-example", "by_id": "u-example", "by_handle": "example", "reason": "example", "now": 0}
MATCH (c:Claim {id: $id})-[:FOR]->(r:Researcher), (u:User {id: $to_user_id})
WHERE c.status IN $from
WITH c, r, u, c.status AS previous, c.decisions + 1 AS seq
SET c.status = 'transferred', c.updated_at = $now, c.decisions = seq,
    c.decided_by = $by_handle, c.decision_reason = $reason,
    r.claimed = true, r.open_to_collaborate = false
CREATE (c)-[:HAS_DECISION]->(:ClaimDecision {seq: seq, action: 'transfer',
                                             from_status: previous,
                                             to_status: 'transferred', by_id: $by_id,
                                             by_handle: $by_handle, reason: $reason,
                                             at: $now, to_user: u.handle})
CREATE (u)-[:MADE]->(n:Claim {id: $new_id, user_id: u.id, user_handle: u.handle,
                               researcher_id: r.id, status: 'approved', created_at: $now,
                               updated_at: $now, decisions: 1, decided_by: $by_handle,
                               decision_reason: $reason, transferred_from: c.id})-[:FOR]->(r)
CREATE (n)-[:HAS_DECISION]->(:ClaimDecision {seq: 1, action: 'transfer',
                                             to_status: 'approved', by_id: $by_id,
                                             by_handle: $by_handle, reason: $reason,
                                             at: $now, to_user: u.handle})
RETURN n.id AS id, previous
