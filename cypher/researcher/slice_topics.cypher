// researcher/slice_topics: topics of a researcher's works with how many works carry
// each, most frequent first, capped; with the total.
// Parameters: $id, $limit (int)
// Example: {"id": "A5007671479", "limit": 5}
MATCH (:Researcher {id: $id})-[:AUTHORED]->(:Work)-[:HAS_TOPIC]->(t:Topic)
WITH t, count(*) AS n ORDER BY n DESC, t.id
WITH collect(t {.id, .name, .field, works: n}) AS topics
RETURN size(topics) AS total, topics[0..$limit] AS items
