// invitation/decide_invitation: the owner accepts or declines a pending invitation
// (a compare-and-set on the status: no row when it was decided meanwhile).
// Mode: write
// Parameters: $id, $status ("accepted" or "declined"), $now (epoch ms)
// Example: {"id": "i-example", "status": "accepted", "now": 0}
MATCH (i:Invitation {id: $id})
WHERE i.status = 'pending'
SET i.status = $status, i.decided_at = $now
RETURN i.id AS id
