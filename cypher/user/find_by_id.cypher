// user/find_by_id: a user by id, with the feed's last-seen mark (epoch ms or null).
// Parameters: $id
// Example: {"id": "u-example"}
MATCH (u:User {id: $id})
RETURN u {.id, .handle, .roles, .feed_seen_at} AS user
