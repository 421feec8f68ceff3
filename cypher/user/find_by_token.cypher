// user/find_by_token: the user owning an unrevoked token, by the token's hash.
// Parameters: $hash (sha256 hex)
// Example: {"hash": "00"}
MATCH (u:User)-[:HAS_TOKEN]->(t:Token {hash: $hash})
WHERE t.revoked = false
RETURN u {.id, .handle, .roles} AS user
