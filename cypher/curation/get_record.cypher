// curation/get_record: what a merge or split is planned from: the record's properties, its
// owners (approved or verified claims) and the works it authored.
// Parameters: $id
// Example: {"id": "A5007671479"}
MATCH (r:Researcher {id: $id})
RETURN properties(r) AS props,
       [(r)<-[:FOR]-(k:Claim) WHERE k.status IN ['approved', 'verified']
         | k {.id, .user_handle, .status}] AS owners,
       [(r)-[:AUTHORED]->(w:Work) | w.id] AS works
