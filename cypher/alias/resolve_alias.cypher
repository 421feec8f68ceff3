// alias/resolve_alias: the surviving id for an id that was merged away (or nothing).
// Parameters: $id, $kind ("researcher" or "work")
// Example: {"id": "A1", "kind": "researcher"}
MATCH (a:Alias {id: $id, kind: $kind})
RETURN a.target AS target
