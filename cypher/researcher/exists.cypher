// researcher/exists: whether a researcher with this id is in the graph.
// Parameters: $id
MATCH (r:Researcher {id: $id})
RETURN r.id AS id
