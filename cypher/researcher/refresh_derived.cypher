// researcher/refresh_derived: recompute the derived state of these researchers from their
// Mode: write
// edges: works_count, WORKS_ON {works} per topic with topics_count, coauthors_count and
// close_collaborators_count (COAUTHOR.works >= $close_min). Ingest keeps all of it exact by
// differences; this rebuilds it from scratch (`graphsvc recount`, curator merges and
// splits, and the tests that check the differences against it).
// Written around four FalkorDB 4.x quirks, each seen to give wrong numbers: the work
// variable is named (paths through an anonymous middle node collapse, counting each topic
// once however many works carry it); the old WORKS_ON edges are deleted outside a
// subquery (inside one, only some were); the coauthor counts come from a subquery (a
// comprehension filtering on an edge property after CALL counted none); and no subquery
// sorts on a variable `w`, which the works count's comprehension uses (when one did, that
// comprehension counted none).
// Also the top lists of those with more coauthors, topics or works than $top_k
// (top_coauthors, top_topics, top_works: see ingest/write_batch).
// Parameters: $ids: [researcher id], $close_min (int), $top_k (int)
// Example: {"ids": ["A5007671479"], "close_min": 2, "top_k": 25}
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
CALL {
  WITH r
  OPTIONAL MATCH (r)-[c:COAUTHOR]-(o:Researcher)
  WITH c, o ORDER BY c.works DESC, o.id
  LIMIT $top_k
  RETURN [e IN collect(toString(10000000000 - c.works) + '|' + o.id) WHERE e IS NOT NULL]
         AS top_coauthors
}
CALL {
  WITH r
  OPTIONAL MATCH (r)-[x:WORKS_ON]->(t:Topic)
  WITH x, t ORDER BY x.works DESC, t.id
  LIMIT $top_k
  RETURN [e IN collect(toString(10000000000 - x.works) + '|' + t.id) WHERE e IS NOT NULL]
         AS top_topics
}
CALL {
  WITH r
  OPTIONAL MATCH (r)-[:AUTHORED]->(newest:Work)
  WITH newest ORDER BY coalesce(newest.year, -1) DESC, newest.id
  LIMIT $top_k
  RETURN [e IN collect(toString(20000 - coalesce(newest.year, -1)) + '|' + newest.id)
          WHERE e IS NOT NULL] AS top_works
}
WITH r, topics, coauthors, close, top_coauthors, top_topics, top_works,
     size([(r)-[:AUTHORED]->(w:Work) | w]) AS works
SET r.works_count = works,
    r.topics_count = topics,
    r.coauthors_count = coauthors,
    r.close_collaborators_count = close,
    r.top_coauthors = CASE WHEN coauthors > $top_k THEN top_coauthors END,
    r.top_topics = CASE WHEN topics > $top_k THEN top_topics END,
    r.top_works = CASE WHEN works > $top_k THEN top_works END
RETURN count(r) AS refreshed
