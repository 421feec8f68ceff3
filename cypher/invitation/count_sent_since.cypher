// invitation/count_sent_since: invitations a user sent since a moment (the daily limit),
// and whether one to this researcher is still pending (no duplicates).
// Parameters: $user_id, $researcher_id, $since (epoch ms)
// Example: {"user_id": "u-example", "researcher_id": "A5007671479", "since": 0}
OPTIONAL MATCH (i:Invitation {from_user_id: $user_id})
WITH collect(i) AS sent
RETURN size([i IN sent WHERE i.created_at >= $since]) AS recent,
       size([i IN sent WHERE i.researcher_id = $researcher_id AND i.status = 'pending'])
         AS pending_here
