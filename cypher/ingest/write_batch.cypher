// ingest/write_batch: one batch of works in one statement, so a reader sees all of it or
// Mode: write
// none of it. Every list holds only what changes; re-sending a batch changes nothing.
// The batch's nodes are found or created once each, first, and kept in lists (ws, rs, ts,
// ns) in the order of their parameters; every edge row then names its endpoints by
// position in those lists, so an edge costs no index lookup. Each step is a subquery that
// returns one row (a count), so an empty list never stops the statement.
// Besides the source facts it keeps the researchers' derived state exact, by differences:
// works_count, WORKS_ON {works} per topic with topics_count, coauthors_count and
// close_collaborators_count (COAUTHOR.works >= $close_min, the threshold recorded on the
// GraphMeta node; the service refuses a setting that differs).
// Parameters:
//   $now: epoch milliseconds; $close_min: the close-collaborator threshold
//   $works: [{id, props}], the first $new_works of them new (created, stamped created_at)
//   $researchers, $topics, $institutions: [{id, props}] (props never hold nulls); a new
//     researcher's props carry its derived counts (all of its edges are this batch's)
//   $researcher_updates: [[r, props]] changed properties of existing researchers
//   $authored_remove: [[r, w]]   $authored_new / $authored: [[r, w, position, corresponding, sources]]
//   $topics_remove: [[w, t]]     $has_topic_new / $has_topic: [[w, t, score, sources]]
//   $affiliations: [[r, n, first_year, last_year]]
//   $counts: [[r, works, topics, coauthors, close]] differences that need no old weight
//   $works_on_new / $works_on: [[r, t, delta]]
//   $coauthors_new / $coauthors: [[a, b, delta]], one row per pair (a < b by id)
//   (*_new rows touch a work or researcher this batch creates: their edge cannot exist yet)
//   $duplicates: [{id, a, b, name_key, rule, reason}] candidate duplicates (name-only
//     matches); MERGE on the pair's stable id, so a known pair (pending, dismissed,
//     merged or separated) is left exactly as it is
// Example: {"now": 0, "close_min": 2, "works": [], "new_works": 0, "researchers": [], "topics": [], "institutions": [], "authored_remove": [], "authored_new": [], "authored": [], "topics_remove": [], "has_topic_new": [], "has_topic": [], "affiliations": [], "counts": [], "researcher_updates": [], "works_on_new": [], "works_on": [], "coauthors_new": [], "coauthors": [], "duplicates": []}
MERGE (m:GraphMeta {id: 'derived'})
ON CREATE SET m.close_min = $close_min
WITH count(*) AS started
CALL {
  UNWIND range(0, $new_works - 1) AS i
  WITH i, $works[i] AS row
  CREATE (w:Work {id: row.id})
  SET w += row.props, w.created_at = $now
  WITH i, w ORDER BY i
  RETURN collect(w) AS created_works
}
CALL {
  UNWIND range($new_works, size($works) - 1) AS i
  WITH i, $works[i] AS row
  MERGE (w:Work {id: row.id})
  SET w += row.props
  WITH i, w ORDER BY i
  RETURN collect(w) AS known_works
}
CALL {
  UNWIND range(0, size($researchers) - 1) AS i
  WITH i, $researchers[i] AS row
  MERGE (r:Researcher {id: row.id})
  ON CREATE SET r += row.props
  WITH i, r ORDER BY i
  RETURN collect(r) AS rs
}
CALL {
  UNWIND range(0, size($topics) - 1) AS i
  WITH i, $topics[i] AS row
  MERGE (t:Topic {id: row.id})
  SET t += row.props
  WITH i, t ORDER BY i
  RETURN collect(t) AS ts
}
CALL {
  UNWIND range(0, size($institutions) - 1) AS i
  WITH i, $institutions[i] AS row
  MERGE (n:Institution {id: row.id})
  SET n += row.props
  WITH i, n ORDER BY i
  RETURN collect(n) AS ns
}
WITH created_works + known_works AS ws, rs, ts, ns
CALL {
  UNWIND $duplicates AS row
  MATCH (:Researcher {id: row.a}), (:Researcher {id: row.b})
  MERGE (d:DuplicateCandidate {id: row.id})
  ON CREATE SET d.a = row.a, d.b = row.b, d.name_key = row.name_key, d.rule = row.rule,
                d.reason = row.reason, d.status = 'pending', d.created_at = $now,
                d.updated_at = $now
  RETURN count(*) AS candidates
}
CALL {
  WITH rs
  UNWIND $researcher_updates AS row
  WITH rs[row[0]] AS r, row
  SET r += row[1]
  RETURN count(*) AS researchers_updated
}
CALL {
  WITH ws, rs
  UNWIND $authored_remove AS row
  WITH rs[row[0]] AS r, ws[row[1]] AS w
  MATCH (r)-[a:AUTHORED]->(w)
  DELETE a
  RETURN count(*) AS authored_removed
}
CALL {
  WITH ws, rs
  UNWIND $authored_new AS row
  WITH rs[row[0]] AS r, ws[row[1]] AS w, row
  CREATE (r)-[:AUTHORED {position: row[2], corresponding: row[3], sources: row[4]}]->(w)
  RETURN count(*) AS authored_created
}
CALL {
  WITH ws, rs
  UNWIND $authored AS row
  WITH rs[row[0]] AS r, ws[row[1]] AS w, row
  MERGE (r)-[a:AUTHORED]->(w)
  SET a.position = row[2], a.corresponding = row[3], a.sources = row[4]
  RETURN count(*) AS authored_merged
}
CALL {
  WITH ws, ts
  UNWIND $topics_remove AS row
  WITH ws[row[0]] AS w, ts[row[1]] AS t
  MATCH (w)-[h:HAS_TOPIC]->(t)
  DELETE h
  RETURN count(*) AS topics_removed
}
CALL {
  WITH ws, ts
  UNWIND $has_topic_new AS row
  WITH ws[row[0]] AS w, ts[row[1]] AS t, row
  CREATE (w)-[:HAS_TOPIC {score: row[2], sources: row[3]}]->(t)
  RETURN count(*) AS topics_created
}
CALL {
  WITH ws, ts
  UNWIND $has_topic AS row
  WITH ws[row[0]] AS w, ts[row[1]] AS t, row
  MERGE (w)-[h:HAS_TOPIC]->(t)
  SET h.score = row[2], h.sources = row[3]
  RETURN count(*) AS topics_merged
}
CALL {
  WITH rs, ns
  UNWIND $affiliations AS row
  WITH rs[row[0]] AS r, ns[row[1]] AS n, row
  MERGE (r)-[a:AFFILIATED_WITH]->(n)
  ON CREATE SET a.first_year = row[2], a.last_year = row[3]
  SET a.first_year = CASE WHEN a.first_year IS NULL OR row[2] < a.first_year
                          THEN row[2] ELSE a.first_year END,
      a.last_year = CASE WHEN a.last_year IS NULL OR row[3] > a.last_year
                         THEN row[3] ELSE a.last_year END
  RETURN count(*) AS affiliations
}
CALL {
  WITH rs
  UNWIND $counts AS row
  WITH rs[row[0]] AS r, row
  SET r.works_count = r.works_count + row[1],
      r.topics_count = r.topics_count + row[2],
      r.coauthors_count = r.coauthors_count + row[3],
      r.close_collaborators_count = r.close_collaborators_count + row[4]
  RETURN count(*) AS counted
}
CALL {
  WITH rs, ts
  UNWIND $works_on_new AS row
  WITH rs[row[0]] AS r, ts[row[1]] AS t, row
  CREATE (r)-[:WORKS_ON {works: row[2]}]->(t)
  RETURN count(*) AS works_on_created
}
CALL {
  WITH rs, ts
  UNWIND $works_on AS row
  WITH rs[row[0]] AS r, ts[row[1]] AS t, row
  MERGE (r)-[x:WORKS_ON]->(t)
  ON CREATE SET x.works = 0
  WITH r, x, x.works + row[2] AS after,
       CASE WHEN x.works = 0 AND x.works + row[2] > 0 THEN 1
            WHEN x.works > 0 AND x.works + row[2] <= 0 THEN -1 ELSE 0 END AS topic
  SET x.works = after
  WITH r, x, after, topic
  WHERE topic <> 0 OR after <= 0
  SET r.topics_count = r.topics_count + topic
  WITH x
  WHERE x.works <= 0
  DELETE x
  RETURN count(*) AS works_on_removed
}
CALL {
  WITH rs
  UNWIND $coauthors_new AS row
  WITH rs[row[0]] AS a, rs[row[1]] AS b, row[2] AS works
  CREATE (a)-[:COAUTHOR {works: works}]->(b)
  RETURN count(*) AS coauthors_created
}
CALL {
  WITH rs
  UNWIND $coauthors AS row
  WITH rs[row[0]] AS a, rs[row[1]] AS b, row[2] AS delta
  MERGE (a)-[c:COAUTHOR]->(b)
  ON CREATE SET c.works = 0
  WITH a, b, c, c.works AS before, c.works + delta AS after
  WITH a, b, c, after,
       CASE WHEN before = 0 AND after > 0 THEN 1 WHEN before > 0 AND after <= 0 THEN -1
            ELSE 0 END AS pair,
       CASE WHEN before < $close_min AND after >= $close_min THEN 1
            WHEN before >= $close_min AND after < $close_min THEN -1 ELSE 0 END AS close
  SET c.works = after
  WITH a, b, c, after, pair, close
  WHERE pair <> 0 OR close <> 0 OR after <= 0
  SET a.coauthors_count = a.coauthors_count + pair,
      b.coauthors_count = b.coauthors_count + pair,
      a.close_collaborators_count = a.close_collaborators_count + close,
      b.close_collaborators_count = b.close_collaborators_count + close
  WITH c
  WHERE c.works <= 0
  DELETE c
  RETURN count(*) AS coauthors_removed
}
RETURN size(ws) AS works, size(rs) AS researchers, coauthors_removed
