// curation/get_action: one recorded curation action (merge, split, dismiss).
// Parameters: $id
// Example: {"id": "cur-example"}
MATCH (c:CurationAction {id: $id})
RETURN properties(c) AS action
