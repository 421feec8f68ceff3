// user/add_token: store a new API token's hash (never the token) for a user.
// Mode: write
// Parameters: $user_id, $hash (sha256 hex), $now (epoch ms)
// Example: {"user_id": "u-example", "hash": "00", "now": 0}
MATCH (u:User {id: $user_id})
CREATE (u)-[:HAS_TOKEN]->(t:Token {hash: $hash, created_at: $now, revoked: false})
RETURN count(t) AS created
