// follow/get_follow: whether a user follows a researcher (since when), and the count.
// Parameters: $user_id, $researcher_id
// Example: {"user_id": "u-example", "researcher_id": "A5007671479"}
MATCH (r:Researcher {id: $researcher_id})
OPTIONAL MATCH (:User {id: $user_id})-[f:FOLLOWS]->(r)
WITH r, max(f.since) AS since
OPTIONAL MATCH (r)<-[:FOLLOWS]-(x:User)
RETURN since, count(x) AS followers_count
