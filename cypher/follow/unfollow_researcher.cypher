// follow/unfollow_researcher: the user stops following; repeating it changes nothing.
// Mode: write
// Parameters: $user_id, $researcher_id
// Example: {"user_id": "u-example", "researcher_id": "A5007671479"}
MATCH (r:Researcher {id: $researcher_id})
OPTIONAL MATCH (:User {id: $user_id})-[f:FOLLOWS]->(r)
DELETE f
WITH r, count(f) AS removed
OPTIONAL MATCH (r)<-[:FOLLOWS]-(x:User)
RETURN removed, count(x) AS followers_count
