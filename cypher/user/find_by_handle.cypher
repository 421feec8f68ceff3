// user/find_by_handle: a user by handle.
// Parameters: $handle
// Example: {"handle": "example"}
MATCH (u:User {handle: $handle})
RETURN u {.id, .handle, .roles} AS user
