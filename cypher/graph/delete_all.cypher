// graph/delete_all: empty the graph (tests against a shared Neo4j, import into a clean
// engine). Never reachable from the API.
// Mode: write
// Parameters: none
// Example: {}
MATCH (n)
DETACH DELETE n
