// user/set_feed_mark: remember when the user last looked at their feed (epoch ms).
// Mode: write
// Parameters: $id, $now (epoch ms)
// Example: {"id": "u-example", "now": 0}
MATCH (u:User {id: $id})
SET u.feed_seen_at = $now
RETURN u.feed_seen_at AS feed_seen_at
