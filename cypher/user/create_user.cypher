// user/create_user: a new account with its roles (the handle is checked free first).
// Mode: write
// Parameters: $id, $handle, $roles (list of strings), $now (epoch ms)
// Example: {"id": "u-example", "handle": "example", "roles": ["user"], "now": 0}
CREATE (u:User {id: $id, handle: $handle, roles: $roles, created_at: $now})
RETURN u {.id, .handle, .roles} AS user
