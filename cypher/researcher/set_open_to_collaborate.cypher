// researcher/set_open_to_collaborate: the owner's "open to collaborate" switch; only
// changes a record this user owns (approved or verified claim), checked in the statement.
// Mode: write
// Parameters: $researcher_id, $user_id, $open (bool)
// Example: {"researcher_id": "A5007671479", "user_id": "u-example", "open": true}
MATCH (r:Researcher {id: $researcher_id})<-[:FOR]-(c:Claim {user_id: $user_id})
WHERE c.status IN ['approved', 'verified']
SET r.open_to_collaborate = $open
RETURN r.open_to_collaborate AS open_to_collaborate
