// ingest/write_batch: one batch of works in one statement, so a reader sees all of it or
// Mode: write
// none of it. Every list holds only what changes; re-sending a batch changes nothing.
// Each step ends in `WITH count(*) AS done`, which yields one row even when its list was
// empty, so the next step always runs.
// Parameters:
//   $now: epoch milliseconds
//   $works, $researchers, $institutions, $topics: [{id, props}] (props without nulls)
//   $authored_remove: [{r, w}]   $authored: [{r, w, position, corresponding, sources}]
//   $topics_remove: [{w, t}]     $has_topic: [{w, t, score, sources}]
//   $affiliations: [{r, i, first_year, last_year}]
//   $coauthors: [{a, b, delta}] with a < b, one row per pair, delta != 0
//   $duplicates: [{id, a, b, name_key, rule, reason}] candidate duplicates (name-only
//     matches); MERGE on the pair's stable id, so a known pair (pending, dismissed,
//     merged or separated) is left exactly as it is
// Example: {"now": 0, "works": [], "researchers": [], "institutions": [], "topics": [], "authored_remove": [], "authored": [], "topics_remove": [], "has_topic": [], "affiliations": [], "coauthors": [], "duplicates": []}
UNWIND $works AS row
MERGE (w:Work {id: row.id})
ON CREATE SET w.created_at = $now
SET w += row.props
WITH count(*) AS done
UNWIND $researchers AS row
MERGE (r:Researcher {id: row.id})
ON CREATE SET r.created_at = $now, r.claimed = false, r.open_to_collaborate = false
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
MATCH (:Researcher {id: row.r})-[a:AUTHORED]->(:Work {id: row.w})
DELETE a
WITH count(*) AS done
UNWIND $authored AS row
MATCH (r:Researcher {id: row.r}), (w:Work {id: row.w})
MERGE (r)-[a:AUTHORED]->(w)
SET a.position = row.position, a.corresponding = row.corresponding, a.sources = row.sources
WITH count(*) AS done
UNWIND $topics_remove AS row
MATCH (:Work {id: row.w})-[h:HAS_TOPIC]->(:Topic {id: row.t})
DELETE h
WITH count(*) AS done
UNWIND $has_topic AS row
MATCH (w:Work {id: row.w}), (t:Topic {id: row.t})
MERGE (w)-[h:HAS_TOPIC]->(t)
SET h.score = row.score, h.sources = row.sources
WITH count(*) AS done
UNWIND $affiliations AS row
MATCH (r:Researcher {id: row.r}), (i:Institution {id: row.i})
MERGE (r)-[a:AFFILIATED_WITH]->(i)
ON CREATE SET a.first_year = row.first_year, a.last_year = row.last_year
SET a.first_year = CASE WHEN a.first_year IS NULL OR row.first_year < a.first_year
                        THEN row.first_year ELSE a.first_year END,
    a.last_year = CASE WHEN a.last_year IS NULL OR row.last_year > a.last_year
                       THEN row.last_year ELSE a.last_year END
WITH count(*) AS done
UNWIND $coauthors AS row
MATCH (a:Researcher {id: row.a}), (b:Researcher {id: row.b})
MERGE (a)-[c:COAUTHOR]->(b)
ON CREATE SET c.works = 0
SET c.works = c.works + row.delta
WITH count(*) AS done
UNWIND $coauthors AS row
MATCH (:Researcher {id: row.a})-[c:COAUTHOR]->(:Researcher {id: row.b})
WHERE c.works <= 0
DELETE c
RETURN count(*) AS coauthor_edges_removed
