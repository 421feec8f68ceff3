// user/revoke_tokens: revoke every token of a user (the token itself is never stored).
// Mode: write
// Parameters: $handle
// Example: {"handle": "example"}
MATCH (:User {handle: $handle})-[:HAS_TOKEN]->(t:Token)
SET t.revoked = true
RETURN count(t) AS revoked
