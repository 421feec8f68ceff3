// researcher/refresh_derived: recompute the derived state of these researchers from their
// Mode: write
// edges: works_count, WORKS_ON {works} per topic with topics_count, coauthors_count and
// close_collaborators_count (COAUTHOR.works >= $close_min). Ingest keeps all of it exact by
// differences; this rebuilds it from scratch (`graphsvc recount`, curator merges and
// splits, and the tests that check the differences against it).
// Written around three FalkorDB 4.x quirks, each seen to give wrong numbers: the work
// variable is named (paths through an anonymous middle node collapse, counting each topic
// once however many works carry it); the old WORKS_ON edges are deleted outside a
// subquery (inside one, only some were); the coauthor counts come from a subquery (a
// comprehension filtering on an edge property after CALL counted none).
// Parameters: $ids: [researcher id], $close_min (int)
// Example: {"ids": ["A5007671479"], "close_min": 2}
UNWIND $ids AS rid
MATCH (r:Researcher {id: rid})
OPTIONAL MATCH (r)-[old:WORKS_ON]->(:Topic)
DELETE old
WITH DISTINCT r
CALL {
  WITH r
  MATCH (r)-[:AUTHORED]->(w:Work)-[:HAS_TOPIC]->(t:Topic)
  WITH r, t, count(w) AS works
  CREATE (r)-[:WORKS_ON {works: works}]->(t)
  RETURN count(*) AS topics
}
CALL {
  WITH r
  OPTIONAL MATCH (r)-[c:COAUTHOR]-(o:Researcher)
  RETURN count(o) AS coauthors, count(CASE WHEN c.works >= $close_min THEN o END) AS close
}
WITH r, topics, coauthors, close, size([(r)-[:AUTHORED]->(w:Work) | w]) AS works
SET r.works_count = works,
    r.topics_count = topics,
    r.coauthors_count = coauthors,
    r.close_collaborators_count = close
RETURN count(r) AS refreshed
