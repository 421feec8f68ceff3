// ingest/write_batch: one batch of works in one statement, so a reader sees all of it or
// Mode: write
// none of it. Every list holds only what changes; re-sending a batch changes nothing.
// Each step ends in `WITH count(*) AS done`, which yields one row even when its list was
// empty, so the next step always runs. Hot lists are positional rows (one compact literal
// per row instead of a map); each step names the columns it unpacks.
// Besides the source facts it keeps the researchers' derived state exact, by differences:
// works_count, WORKS_ON {works} per topic with topics_count, and, in the coauthor step,
// coauthors_count and close_collaborators_count (COAUTHOR.works >= $close_min, the
// threshold recorded on the GraphMeta node; the service refuses a setting that differs).
// Parameters:
//   $now: epoch milliseconds; $close_min: the close-collaborator threshold
//   $new_works, $works: [{id, props}] (props without nulls): created / changed works
//   $researchers, $institutions, $topics: [{id, props}]
//   $authored_remove: [[r, w]]   $authored_new / $authored: [[r, w, position, corresponding, sources]]
//   $topics_remove: [[w, t]]     $has_topic_new / $has_topic: [[w, t, score, sources]]
//   $affiliations: [[r, i, first_year, last_year]]
//   $works_count: [[r, delta]]   $works_on: [[r, t, delta]]
//   $coauthors: [[a, b, delta]] with a < b, one row per pair, delta != 0
//   $duplicates: [{id, a, b, name_key, rule, reason}] candidate duplicates (name-only
//     matches); MERGE on the pair's stable id, so a known pair (pending, dismissed,
//     merged or separated) is left exactly as it is
// Example: {"now": 0, "close_min": 2, "new_works": [], "works": [], "researchers": [], "institutions": [], "topics": [], "authored_remove": [], "authored_new": [], "authored": [], "topics_remove": [], "has_topic_new": [], "has_topic": [], "affiliations": [], "works_count": [], "works_on": [], "coauthors": [], "duplicates": []}
MERGE (m:GraphMeta {id: 'derived'})
ON CREATE SET m.close_min = $close_min
WITH count(*) AS done
UNWIND $new_works AS row
CREATE (w:Work {id: row.id})
SET w += row.props, w.created_at = $now
WITH count(*) AS done
UNWIND $works AS row
MATCH (w:Work {id: row.id})
SET w += row.props
WITH count(*) AS done
UNWIND $researchers AS row
MERGE (r:Researcher {id: row.id})
ON CREATE SET r.created_at = $now, r.claimed = false, r.open_to_collaborate = false,
              r.works_count = 0, r.topics_count = 0, r.coauthors_count = 0,
              r.close_collaborators_count = 0
SET r += row.props
WITH count(*) AS done
UNWIND $duplicates AS row
MATCH (:Researcher {id: row.a}), (:Researcher {id: row.b})
MERGE (d:DuplicateCandidate {id: row.id})
ON CREATE SET d.a = row.a, d.b = row.b, d.name_key = row.name_key, d.rule = row.rule,
              d.reason = row.reason, d.status = 'pending', d.created_at = $now,
              d.updated_at = $now
WITH count(*) AS done
UNWIND $institutions AS row
MERGE (i:Institution {id: row.id})
SET i += row.props
WITH count(*) AS done
UNWIND $topics AS row
MERGE (t:Topic {id: row.id})
SET t += row.props
WITH count(*) AS done
UNWIND $authored_remove AS row
MATCH (:Researcher {id: row[0]})-[a:AUTHORED]->(:Work {id: row[1]})
DELETE a
WITH count(*) AS done
UNWIND $authored_new AS row
MATCH (r:Researcher {id: row[0]}), (w:Work {id: row[1]})
CREATE (r)-[:AUTHORED {position: row[2], corresponding: row[3], sources: row[4]}]->(w)
WITH count(*) AS done
UNWIND $authored AS row
MATCH (r:Researcher {id: row[0]}), (w:Work {id: row[1]})
MERGE (r)-[a:AUTHORED]->(w)
SET a.position = row[2], a.corresponding = row[3], a.sources = row[4]
WITH count(*) AS done
UNWIND $topics_remove AS row
MATCH (:Work {id: row[0]})-[h:HAS_TOPIC]->(:Topic {id: row[1]})
DELETE h
WITH count(*) AS done
UNWIND $has_topic_new AS row
MATCH (w:Work {id: row[0]}), (t:Topic {id: row[1]})
CREATE (w)-[:HAS_TOPIC {score: row[2], sources: row[3]}]->(t)
WITH count(*) AS done
UNWIND $has_topic AS row
MATCH (w:Work {id: row[0]}), (t:Topic {id: row[1]})
MERGE (w)-[h:HAS_TOPIC]->(t)
SET h.score = row[2], h.sources = row[3]
WITH count(*) AS done
UNWIND $affiliations AS row
MATCH (r:Researcher {id: row[0]}), (i:Institution {id: row[1]})
MERGE (r)-[a:AFFILIATED_WITH]->(i)
ON CREATE SET a.first_year = row[2], a.last_year = row[3]
SET a.first_year = CASE WHEN a.first_year IS NULL OR row[2] < a.first_year
                        THEN row[2] ELSE a.first_year END,
    a.last_year = CASE WHEN a.last_year IS NULL OR row[3] > a.last_year
                       THEN row[3] ELSE a.last_year END
WITH count(*) AS done
UNWIND $works_count AS row
MATCH (r:Researcher {id: row[0]})
SET r.works_count = r.works_count + row[1]
WITH count(*) AS done
UNWIND $works_on AS row
MATCH (r:Researcher {id: row[0]}), (t:Topic {id: row[1]})
MERGE (r)-[x:WORKS_ON]->(t)
ON CREATE SET x.works = 0
WITH r, x, x.works AS before, x.works + row[2] AS after
SET x.works = after,
    r.topics_count = r.topics_count +
      CASE WHEN before = 0 AND after > 0 THEN 1 WHEN before > 0 AND after <= 0 THEN -1 ELSE 0 END
WITH x
WHERE x.works <= 0
DELETE x
WITH count(*) AS done
UNWIND $coauthors AS row
MATCH (a:Researcher {id: row[0]}), (b:Researcher {id: row[1]})
MERGE (a)-[c:COAUTHOR]->(b)
ON CREATE SET c.works = 0
WITH a, b, c, c.works AS before, c.works + row[2] AS after
WITH a, b, c, after,
     CASE WHEN before = 0 AND after > 0 THEN 1 WHEN before > 0 AND after <= 0 THEN -1 ELSE 0 END
       AS pair,
     CASE WHEN before < $close_min AND after >= $close_min THEN 1
          WHEN before >= $close_min AND after < $close_min THEN -1 ELSE 0 END AS close
SET c.works = after,
    a.coauthors_count = a.coauthors_count + pair,
    b.coauthors_count = b.coauthors_count + pair,
    a.close_collaborators_count = a.close_collaborators_count + close,
    b.close_collaborators_count = b.close_collaborators_count + close
WITH c
WHERE c.works <= 0
DELETE c
RETURN count(*) AS coauthor_edges_removed
