// work/slice_topics: the graph slice around a work: its topics, capped, with the total.
// Parameters: $id, $limit (int)
// Example: {"id": "W2526253498", "limit": 5}
MATCH (:Work {id: $id})-[h:HAS_TOPIC]->(t:Topic)
WITH t, h ORDER BY h.score DESC, t.id
WITH collect(t {.id, .name, .field, score: h.score}) AS topics
RETURN size(topics) AS total, topics[0..$limit] AS items
