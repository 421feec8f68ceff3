// follow/follow_researcher: the user follows a researcher; repeating it changes nothing
// (MERGE keeps one FOLLOWS edge and its first `since`).
// Mode: write
// Parameters: $user_id, $researcher_id, $now (epoch ms)
// Example: {"user_id": "u-example", "researcher_id": "A5007671479", "now": 0}
MATCH (u:User {id: $user_id}), (r:Researcher {id: $researcher_id})
MERGE (u)-[f:FOLLOWS]->(r)
ON CREATE SET f.since = $now
WITH r, f.since AS since
MATCH (r)<-[:FOLLOWS]-(x:User)
RETURN since, count(x) AS followers_count
