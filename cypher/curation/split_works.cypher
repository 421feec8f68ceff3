// curation/split_works: move $researcher's authorships of $works to $target (created
// here when $create_target) in one statement. It first checks the state the plan was made
// from (compare-and-set): the record still authors every listed work with the planned
// number of authors ($works_expected), and the target exists exactly when it should;
// otherwise no row and nothing changes. Then: the target's AUTHORED edges (planned with
// both records' sources), the record's edges to those works removed, COAUTHOR by exact
// differences, author counts, and per work an ASSIGNED_TO override (from_keys: the forms
// that stood for the record) so re-loading the sources keeps the split; overrides that
// pointed at the record move to the target (or go, when they named the target's own
// identity); a new target's name-only candidate pairs ($candidates, as ingest would find
// them) are recorded, and the pair itself as a 'separated' candidate; a CurationAction
// records it.
// Mode: write
// Parameters:
//   $researcher, $target: researcher ids   $create_target (bool)   $target_props (map)
//   $works: [work id]   $works_expected (map: work id -> number of authors now)
//   $authored: [{w, sources, position, corresponding}]   $coauthors: [{a, b, delta}]
//   $author_counts: [{w, n}]   $overrides_retarget, $overrides_remove: [{w, id}]
//   $overrides_new: [{w, id, from_keys}]   $candidates: [{id, a, b, name_key, rule, reason}]
//   $candidate (map: the separated pair)   $action (map)   $now (epoch ms)
// Example: {"researcher": "A1", "target": "split:example", "create_target": true, "target_props": {}, "works": ["W1"], "works_expected": {"W1": 1}, "authored": [], "coauthors": [], "author_counts": [], "overrides_retarget": [], "overrides_remove": [], "overrides_new": [], "candidates": [], "candidate": {"id": "dup-example"}, "action": {"id": "cur-example"}, "now": 0}
MATCH (x:Researcher {id: $researcher})
OPTIONAL MATCH (existing:Researcher {id: $target})
WITH x, existing,
     [(x)-[:AUTHORED]->(w:Work) WHERE w.id IN $works
       | [w.id, size([(o:Researcher)-[:AUTHORED]->(w) | o])]] AS listed
WHERE (existing IS NULL) = $create_target
  AND size(listed) = size($works)
  AND all(p IN listed WHERE $works_expected[p[0]] = p[1])
MERGE (y:Researcher {id: $target})
ON CREATE SET y += $target_props
WITH x, y
CALL {
  WITH y
  UNWIND $authored AS row
  MATCH (w:Work {id: row.w})
  MERGE (y)-[a:AUTHORED]->(w)
  SET a.sources = row.sources, a.position = row.position, a.corresponding = row.corresponding
  RETURN count(*) AS authored
}
CALL {
  WITH x
  UNWIND $works AS wid
  MATCH (x)-[a:AUTHORED]->(:Work {id: wid})
  DELETE a
  RETURN count(*) AS removed
}
CALL {
  WITH y
  UNWIND $overrides_retarget AS row
  MATCH (w:Work {id: row.w})-[o:ASSIGNED_TO]->(:Researcher)
  WHERE o.id = row.id
  CREATE (w)-[n:ASSIGNED_TO]->(y)
  SET n.id = o.id, n.from_keys = o.from_keys, n.from_id = o.from_id,
      n.action_id = o.action_id, n.at = o.at
  DELETE o
  RETURN count(*) AS retargeted
}
CALL {
  WITH y
  UNWIND $overrides_remove AS row
  MATCH (:Work {id: row.w})-[o:ASSIGNED_TO]->(:Researcher)
  WHERE o.id = row.id
  DELETE o
  RETURN count(*) AS dropped
}
CALL {
  WITH x, y
  UNWIND $overrides_new AS row
  MATCH (w:Work {id: row.w})
  CREATE (w)-[o:ASSIGNED_TO]->(y)
  SET o.id = row.id, o.from_keys = row.from_keys, o.from_id = x.id,
      o.action_id = $action.id, o.at = $now
  RETURN count(*) AS overrides
}
CALL {
  WITH y
  UNWIND $coauthors AS row
  MATCH (a:Researcher {id: row.a}), (b:Researcher {id: row.b})
  MERGE (a)-[c:COAUTHOR]->(b)
  ON CREATE SET c.works = 0
  SET c.works = c.works + row.delta
  RETURN count(*) AS coauthors
}
CALL {
  WITH y
  UNWIND $coauthors AS row
  MATCH (:Researcher {id: row.a})-[c:COAUTHOR]->(:Researcher {id: row.b})
  WHERE c.works <= 0
  DELETE c
  RETURN count(*) AS coauthors_removed
}
CALL {
  WITH y
  UNWIND $author_counts AS row
  MATCH (w:Work {id: row.w})
  SET w.author_count = row.n
  RETURN count(*) AS recounted
}
CALL {
  WITH y
  UNWIND $candidates AS row
  MATCH (:Researcher {id: row.a}), (:Researcher {id: row.b})
  MERGE (d:DuplicateCandidate {id: row.id})
  ON CREATE SET d.a = row.a, d.b = row.b, d.name_key = row.name_key, d.rule = row.rule,
                d.reason = row.reason, d.status = 'pending', d.created_at = $now,
                d.updated_at = $now
  RETURN count(*) AS candidates
}
MERGE (d:DuplicateCandidate {id: $candidate.id})
ON CREATE SET d.created_at = $now
SET d += $candidate
CREATE (act:CurationAction)
SET act = $action
RETURN act.id AS id, y.id AS target, authored, removed, coauthors
