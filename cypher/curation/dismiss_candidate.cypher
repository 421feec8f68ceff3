// curation/dismiss_candidate: a curator says a candidate pair is two people. A
// compare-and-set on status 'pending' (no row when it was decided meanwhile); keeps who,
// when and why on the candidate and as a CurationAction.
// Mode: write
// Parameters: $id, $now (epoch ms), $by_id, $by_handle, $reason, $action (map: the CurationAction's properties)
// Example: {"id": "dup-example", "now": 0, "by_id": "u-example", "by_handle": "example", "reason": "example", "action": {"id": "cur-example", "action": "dismiss"}}
MATCH (d:DuplicateCandidate {id: $id})
WHERE d.status = 'pending'
SET d.status = 'dismissed', d.updated_at = $now, d.decided_at = $now,
    d.decided_by = $by_handle, d.decided_by_id = $by_id, d.decision_reason = $reason
CREATE (c:CurationAction)
SET c = $action
RETURN d.id AS id
