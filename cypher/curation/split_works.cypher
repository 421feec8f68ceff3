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
// Every variable has a name of its own: FalkorDB 4.x confuses a name reused between a
// CALL subquery and the query around it (a MERGE after it silently did nothing).
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
     [(x)-[:AUTHORED]->(lw:Work) WHERE lw.id IN $works
       | [lw.id, size([(lo:Researcher)-[:AUTHORED]->(lw) | lo])]] AS listed
WHERE (existing IS NULL) = $create_target
  AND size(listed) = size($works)
  AND all(p IN listed WHERE $works_expected[p[0]] = p[1])
MERGE (y:Researcher {id: $target})
ON CREATE SET y += $target_props
WITH x, y
CALL {
  WITH y
  UNWIND $authored AS arow
  MATCH (aw:Work {id: arow.w})
  MERGE (y)-[ae:AUTHORED]->(aw)
  SET ae.sources = arow.sources, ae.position = arow.position,
      ae.corresponding = arow.corresponding
  RETURN count(*) AS authored
}
CALL {
  WITH x
  UNWIND $works AS wid
  MATCH (x)-[xe:AUTHORED]->(:Work {id: wid})
  DELETE xe
  RETURN count(*) AS removed
}
CALL {
  WITH y
  UNWIND $overrides_retarget AS trow
  MATCH (tw:Work {id: trow.w})-[te:ASSIGNED_TO]->(:Researcher)
  WHERE te.id = trow.id
  CREATE (tw)-[tn:ASSIGNED_TO]->(y)
  SET tn.id = te.id, tn.from_keys = te.from_keys, tn.from_id = te.from_id,
      tn.action_id = te.action_id, tn.at = te.at
  DELETE te
  RETURN count(*) AS retargeted
}
CALL {
  WITH y
  UNWIND $overrides_remove AS rrow
  MATCH (:Work {id: rrow.w})-[re:ASSIGNED_TO]->(:Researcher)
  WHERE re.id = rrow.id
  DELETE re
  RETURN count(*) AS dropped
}
CALL {
  WITH x, y
  UNWIND $overrides_new AS orow
  MATCH (ow:Work {id: orow.w})
  CREATE (ow)-[oe:ASSIGNED_TO]->(y)
  SET oe.id = orow.id, oe.from_keys = orow.from_keys, oe.from_id = x.id,
      oe.action_id = $action.id, oe.at = $now
  RETURN count(*) AS overrides
}
CALL {
  WITH y
  UNWIND $coauthors AS crow
  MATCH (ca:Researcher {id: crow.a}), (cb:Researcher {id: crow.b})
  MERGE (ca)-[ce:COAUTHOR]->(cb)
  ON CREATE SET ce.works = 0
  SET ce.works = ce.works + crow.delta
  RETURN count(*) AS coauthors
}
CALL {
  WITH y
  UNWIND $coauthors AS zrow
  MATCH (:Researcher {id: zrow.a})-[ze:COAUTHOR]->(:Researcher {id: zrow.b})
  WHERE ze.works <= 0
  DELETE ze
  RETURN count(*) AS coauthors_removed
}
CALL {
  WITH y
  UNWIND $author_counts AS nrow
  MATCH (nw:Work {id: nrow.w})
  SET nw.author_count = nrow.n
  RETURN count(*) AS recounted
}
CALL {
  WITH y
  UNWIND $candidates AS drow
  MATCH (:Researcher {id: drow.a}), (:Researcher {id: drow.b})
  MERGE (nc:DuplicateCandidate {id: drow.id})
  ON CREATE SET nc.a = drow.a, nc.b = drow.b, nc.name_key = drow.name_key,
                nc.rule = drow.rule, nc.reason = drow.reason, nc.status = 'pending',
                nc.created_at = $now, nc.updated_at = $now
  RETURN count(*) AS candidates
}
MERGE (sep:DuplicateCandidate {id: $candidate.id})
ON CREATE SET sep.created_at = $now
SET sep += $candidate
CREATE (act:CurationAction)
SET act = $action
RETURN act.id AS id, y.id AS target, authored, removed, coauthors
