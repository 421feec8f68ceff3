// claim/transition_claim: move a claim from one of $from to $to and keep the decision
// (who, when, why) as a ClaimDecision. A compare-and-set: nothing changes (no row) when
// the status moved meanwhile, or when $needs_free_record and another claim owns the
// record, so "one owner per record" holds under races. $claimed (bool or null = keep)
// mirrors ownership on the Researcher; $close_record turns "open to collaborate" off
// when the owner goes away.
// Mode: write
// Parameters: $id, $from (list), $to, $action, $by_id, $by_handle, $reason, $now (epoch ms), $needs_free_record (bool), $claimed (bool or null), $close_record (bool)
// Example: {"id": "c-example", "from": ["pending"], "to": "approved", "action": "approve", "by_id": "u-example", "by_handle": "example", "reason": null, "now": 0, "needs_free_record": true, "claimed": true, "close_record": false}
MATCH (c:Claim {id: $id})-[:FOR]->(r:Researcher)
WHERE c.status IN $from
OPTIONAL MATCH (r)<-[:FOR]-(o:Claim)
WHERE o.id <> c.id AND o.status IN ['approved', 'verified']
WITH c, r, count(o) AS owners
WHERE owners = 0 OR NOT $needs_free_record
WITH c, r, c.status AS previous, c.decisions + 1 AS seq
SET c.status = $to, c.updated_at = $now, c.decisions = seq, c.decided_by = $by_handle,
    c.decision_reason = $reason,
    r.claimed = coalesce($claimed, r.claimed),
    r.open_to_collaborate = CASE WHEN $close_record THEN false
                                 ELSE r.open_to_collaborate END
CREATE (c)-[:HAS_DECISION]->(:ClaimDecision {seq: seq, action: $action,
                                             from_status: previous, to_status: $to,
                                             by_id: $by_id, by_handle: $by_handle,
                                             reason: $reason, at: $now})
RETURN c.id AS id, previous, c.status AS status
