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
//   $top_coauthors_new: [[r, other id, 0, works]] an existing researcher's new pairs
//   $top_k: how long the researchers' top lists are. A researcher with more coauthors (or
//     topics) than that keeps its top ones in order (top_coauthors, top_topics: entries
//     "<10^10 - weight>|<id>", so ascending order is heaviest first, then by id); the
//     others have no list (their few edges are sorted when read). Rows only ever raise a
//     weight, or add an entry, in the usual case, and a list updated row by row stays
//     exactly the top $top_k (a row that cannot enter it is skipped); a lowered or removed
//     weight may let an entry from outside in, so those lists are sorted again from the
//     edges, as are the lists of researchers who just got more than $top_k.
//   top_works: the $top_k newest works of those with more works than that (entries
//     "<20000 - year>|<work id>": ascending order is newest first, then by id), kept the
//     same way: an authorship row adds its entry; a removed authorship or a work whose
//     year this batch sets sorts the lists it touches again from the edges.
//   (*_new rows touch a work or researcher this batch creates: their edge cannot exist yet)
//   $duplicates: [{id, a, b, name_key, rule, reason}] candidate duplicates (name-only
//     matches); MERGE on the pair's stable id, so a known pair (pending, dismissed,
//     merged or separated) is left exactly as it is
// Example: {"now": 0, "close_min": 2, "derived_version": 3, "top_k": 25, "top_coauthors_new": [], "works": [], "new_works": 0, "researchers": [], "topics": [], "institutions": [], "authored_remove": [], "authored_new": [], "authored": [], "topics_remove": [], "has_topic_new": [], "has_topic": [], "affiliations": [], "counts": [], "researcher_updates": [], "works_on_new": [], "works_on": [], "coauthors_new": [], "coauthors": [], "duplicates": []}
MERGE (m:GraphMeta {id: 'derived'})
ON CREATE SET m.close_min = $close_min, m.version = $derived_version
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
  WITH r, t, x, x.works AS before, x.works + row[2] AS after
  SET x.works = after
  RETURN collect([r, t.id, before, after, x]) AS topic_changes
}
CALL {
  WITH topic_changes
  UNWIND topic_changes AS change
  WITH change[0] AS r, change[2] AS before, change[3] AS after, change[4] AS x
  WITH r, x, after,
       CASE WHEN before = 0 AND after > 0 THEN 1 WHEN before > 0 AND after <= 0 THEN -1
            ELSE 0 END AS topic
  WHERE topic <> 0 OR after <= 0
  SET r.topics_count = r.topics_count + topic
  WITH x, after
  WHERE after <= 0
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
  SET c.works = after
  RETURN collect([a, b.id, before, after, c]) + collect([b, a.id, before, after, null])
         AS pair_changes
}
CALL {
  WITH pair_changes
  UNWIND pair_changes AS change
  WITH change[0] AS n, change[2] AS before, change[3] AS after, change[4] AS c
  WITH n, c, after,
       CASE WHEN before = 0 AND after > 0 THEN 1 WHEN before > 0 AND after <= 0 THEN -1
            ELSE 0 END AS pair,
       CASE WHEN before < $close_min AND after >= $close_min THEN 1
            WHEN before >= $close_min AND after < $close_min THEN -1 ELSE 0 END AS close
  WHERE pair <> 0 OR close <> 0 OR (after <= 0 AND c IS NOT NULL)
  SET n.coauthors_count = n.coauthors_count + pair,
      n.close_collaborators_count = n.close_collaborators_count + close
  WITH c, after
  WHERE after <= 0 AND c IS NOT NULL
  DELETE c
  RETURN count(*) AS coauthors_removed
}
CALL {
  WITH rs, pair_changes
  UNWIND [x IN $top_coauthors_new | [rs[x[0]], x[1], x[2], x[3]]] +
         [x IN pair_changes | [x[0], x[1], x[2], x[3]]] AS change
  WITH change[0] AS n, change[1] AS other, change[2] AS before, change[3] AS after
  WITH n, before, after, '|' + other AS tail,
       toString(10000000000 - after) + '|' + other AS entry
  WHERE n.top_coauthors IS NOT NULL
    AND (size(n.top_coauthors) < $top_k OR entry < last(n.top_coauthors)
         OR any(e IN n.top_coauthors WHERE e ENDS WITH tail))
  SET n.top_coauthors =
        [kept IN [[e IN n.top_coauthors WHERE NOT e ENDS WITH tail]] |
         CASE WHEN after <= 0 THEN kept
              ELSE ([e IN kept WHERE e < entry] + [entry] + [e IN kept WHERE e > entry])[0..$top_k]
         END][0]
  WITH n, before, after
  WHERE after < before
  RETURN collect(DISTINCT n) AS coauthors_lowered
}
CALL {
  WITH topic_changes
  UNWIND topic_changes AS change
  WITH change[0] AS n, change[1] AS topic, change[2] AS before, change[3] AS after
  WITH n, before, after, '|' + topic AS tail,
       toString(10000000000 - after) + '|' + topic AS entry
  WHERE n.top_topics IS NOT NULL
    AND (size(n.top_topics) < $top_k OR entry < last(n.top_topics)
         OR any(e IN n.top_topics WHERE e ENDS WITH tail))
  SET n.top_topics =
        [kept IN [[e IN n.top_topics WHERE NOT e ENDS WITH tail]] |
         CASE WHEN after <= 0 THEN kept
              ELSE ([e IN kept WHERE e < entry] + [entry] + [e IN kept WHERE e > entry])[0..$top_k]
         END][0]
  WITH n, before, after
  WHERE after < before
  RETURN collect(DISTINCT n) AS topics_lowered
}
CALL {
  WITH rs, coauthors_lowered
  UNWIND coauthors_lowered +
         [n IN rs WHERE n.top_coauthors IS NULL AND n.coauthors_count > $top_k] AS n
  WITH DISTINCT n
  CALL {
    WITH n
    OPTIONAL MATCH (n)-[c:COAUTHOR]-(o:Researcher)
    WITH c, o ORDER BY c.works DESC, o.id
    LIMIT $top_k
    RETURN [e IN collect(toString(10000000000 - c.works) + '|' + o.id) WHERE e IS NOT NULL]
           AS coauthors
  }
  SET n.top_coauthors = CASE WHEN n.coauthors_count > $top_k THEN coauthors END
  RETURN count(*) AS coauthors_resorted
}
CALL {
  WITH rs, topics_lowered
  UNWIND topics_lowered + [n IN rs WHERE n.top_topics IS NULL AND n.topics_count > $top_k] AS n
  WITH DISTINCT n
  CALL {
    WITH n
    OPTIONAL MATCH (n)-[x:WORKS_ON]->(t:Topic)
    WITH x, t ORDER BY x.works DESC, t.id
    LIMIT $top_k
    RETURN [e IN collect(toString(10000000000 - x.works) + '|' + t.id) WHERE e IS NOT NULL]
           AS topics
  }
  SET n.top_topics = CASE WHEN n.topics_count > $top_k THEN topics END
  RETURN count(*) AS topics_resorted
}
CALL {
  WITH ws, rs
  UNWIND $authored_new + $authored AS row
  WITH rs[row[0]] AS n, ws[row[1]] AS w
  WHERE n.top_works IS NOT NULL
  WITH n, '|' + w.id AS tail, toString(20000 - coalesce(w.year, -1)) + '|' + w.id AS entry
  WHERE size(n.top_works) < $top_k OR entry < last(n.top_works)
        OR any(e IN n.top_works WHERE e ENDS WITH tail)
  SET n.top_works =
        [kept IN [[e IN n.top_works WHERE NOT e ENDS WITH tail]] |
         ([e IN kept WHERE e < entry] + [entry] + [e IN kept WHERE e > entry])[0..$top_k]][0]
  RETURN count(*) AS works_listed
}
CALL {
  WITH ws
  UNWIND range($new_works, size($works) - 1) AS i
  WITH ws[i] AS w, $works[i] AS row
  WHERE row.props.year IS NOT NULL
  MATCH (n:Researcher)-[:AUTHORED]->(w)
  WHERE n.top_works IS NOT NULL
  RETURN collect(DISTINCT n) AS redated
}
CALL {
  WITH rs, redated
  UNWIND redated + [x IN $authored_remove | rs[x[0]]] +
         [n IN rs WHERE n.top_works IS NULL AND n.works_count > $top_k] AS n
  WITH DISTINCT n
  CALL {
    WITH n
    OPTIONAL MATCH (n)-[:AUTHORED]->(w:Work)
    WITH w ORDER BY coalesce(w.year, -1) DESC, w.id
    LIMIT $top_k
    RETURN [e IN collect(toString(20000 - coalesce(w.year, -1)) + '|' + w.id)
            WHERE e IS NOT NULL] AS works
  }
  SET n.top_works = CASE WHEN n.works_count > $top_k THEN works END
  RETURN count(*) AS works_resorted
}
RETURN size(ws) AS works, size(rs) AS researchers, coauthors_removed
