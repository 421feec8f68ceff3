// claim/count_pending_by_user: how many claims a user has waiting (a per-user limit).
// Parameters: $user_id
// Example: {"user_id": "u-example"}
MATCH (c:Claim {user_id: $user_id})
WHERE c.status = 'pending'
RETURN count(c) AS pending
