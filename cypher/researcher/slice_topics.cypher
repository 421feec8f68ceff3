// researcher/slice_topics: topics of a researcher's works with how many works carry
// each (the WORKS_ON edges ingest keeps), most frequent first, capped; with the total.
// Parameters: $id, $limit (int)
// Example: {"id": "A5007671479", "limit": 5}
MATCH (:Researcher {id: $id})-[x:WORKS_ON]->(t:Topic)
WITH t, x ORDER BY x.works DESC, t.id
WITH collect(t {.id, .name, .field, works: x.works}) AS topics
RETURN size(topics) AS total, topics[0..$limit] AS items
