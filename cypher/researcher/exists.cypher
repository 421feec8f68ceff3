// researcher/exists: whether a researcher with this id is in the graph.
// Parameters: $id
// Example: {"id": "A5007671479"}
MATCH (r:Researcher {id: $id})
RETURN r.id AS id
