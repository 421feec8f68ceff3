// curation/merge_researchers: merge $merged into $survivor in one statement. It first
// checks the state the plan was made from (compare-and-set): both records exist, at most
// one of them has an owner, and the merged record's works and their author counts are
// still those planned ($works_expected); otherwise no row and nothing changes. Then every
// edge moves to the survivor: AUTHORED (rows planned with both records' sources), COAUTHOR
// by exact differences ($coauthors, pairs with the merged record left out: its edges go
// with it), AFFILIATED_WITH spans combined, FOLLOWS deduplicated (earliest since), claims,
// invitations and ASSIGNED_TO overrides re-pointed (except those naming the survivor's own
// forms, $survivor_forms, which would send its own authorships to itself; and overrides
// to the survivor naming the merged record's forms, $merged_forms, go for the same
// reason); aliases pointing at the merged record
// and one per form that stood for it now point at the survivor; candidate pairs carried
// over; the survivor keeps ids and names ($props); a CurationAction records it.
// Every variable has a name of its own: FalkorDB 4.x confuses a name reused between a
// CALL subquery and the query around it (a MERGE after it silently did nothing).
// Mode: write
// Parameters:
//   $survivor, $merged: researcher ids   $survivor_forms, $merged_forms: [identifier form]
//   $works_count (int), $works_expected (map: work id -> number of authors now)
//   $authored: [{w, sources, position, corresponding}] the survivor's edges to the moved works
//   $coauthors: [{a, b, delta}]   $author_counts: [{w, n}]   $aliases: [{id}]
//   $props (map set on the survivor)   $candidates_remove: [id]   $candidates: [map]
//   $action (map: the CurationAction's properties)
// Example: {"survivor": "A1", "merged": "A2", "survivor_forms": ["A1"], "merged_forms": ["A2"], "works_count": 0, "works_expected": {}, "authored": [], "coauthors": [], "author_counts": [], "aliases": [], "props": {}, "candidates_remove": [], "candidates": [], "action": {"id": "cur-example"}}
MATCH (s:Researcher {id: $survivor}), (m:Researcher {id: $merged})
WITH s, m,
     [(m)-[:AUTHORED]->(mw:Work) | [mw.id, size([(mx:Researcher)-[:AUTHORED]->(mw) | mx])]]
       AS works_now,
     size([(s)<-[:FOR]-(k:Claim) WHERE k.status IN ['approved', 'verified'] | k]) AS s_owners,
     size([(m)<-[:FOR]-(k2:Claim) WHERE k2.status IN ['approved', 'verified'] | k2])
       AS m_owners
WHERE s_owners + m_owners <= 1
  AND size(works_now) = $works_count
  AND all(p IN works_now WHERE $works_expected[p[0]] = p[1])
CALL {
  WITH s
  UNWIND $authored AS arow
  MATCH (aw:Work {id: arow.w})
  MERGE (s)-[ae:AUTHORED]->(aw)
  SET ae.sources = arow.sources, ae.position = arow.position,
      ae.corresponding = arow.corresponding
  RETURN count(*) AS authored
}
CALL {
  WITH s, m
  MATCH (m)-[xa:AFFILIATED_WITH]->(i:Institution)
  MERGE (s)-[ya:AFFILIATED_WITH]->(i)
  ON CREATE SET ya.first_year = xa.first_year, ya.last_year = xa.last_year
  SET ya.first_year = CASE WHEN ya.first_year IS NULL OR xa.first_year < ya.first_year
                           THEN xa.first_year ELSE ya.first_year END,
      ya.last_year = CASE WHEN ya.last_year IS NULL OR xa.last_year > ya.last_year
                          THEN xa.last_year ELSE ya.last_year END
  RETURN count(*) AS affiliations
}
CALL {
  WITH s, m
  MATCH (u:User)-[f:FOLLOWS]->(m)
  MERGE (u)-[g:FOLLOWS]->(s)
  ON CREATE SET g.since = f.since
  SET g.since = CASE WHEN f.since < g.since THEN f.since ELSE g.since END
  RETURN count(*) AS follows
}
CALL {
  WITH s, m
  MATCH (kc:Claim)-[:FOR]->(m)
  CREATE (kc)-[:FOR]->(s)
  SET kc.researcher_id = s.id, kc.merged_from = m.id
  RETURN count(*) AS claims
}
CALL {
  WITH s, m
  MATCH (v:Invitation)-[:TO]->(m)
  CREATE (v)-[:TO]->(s)
  SET v.researcher_id = s.id
  RETURN count(*) AS invitations
}
CALL {
  WITH s, m
  MATCH (ow:Work)-[o:ASSIGNED_TO]->(m)
  WHERE none(k IN o.from_keys WHERE k IN $survivor_forms)
  CREATE (ow)-[n:ASSIGNED_TO]->(s)
  SET n.id = o.id, n.from_keys = o.from_keys, n.from_id = o.from_id,
      n.action_id = o.action_id, n.at = o.at
  RETURN count(*) AS overrides
}
CALL {
  WITH s
  MATCH (:Work)-[od:ASSIGNED_TO]->(s)
  WHERE any(kd IN od.from_keys WHERE kd IN $merged_forms)
  DELETE od
  RETURN count(*) AS overrides_dropped
}
CALL {
  WITH s, m
  MATCH (al:Alias {target: m.id})
  WHERE al.kind = 'researcher'
  SET al.target = s.id
  RETURN count(*) AS aliases_moved
}
CALL {
  WITH s
  UNWIND $aliases AS lrow
  MERGE (nal:Alias {id: lrow.id, kind: 'researcher'})
  SET nal.target = s.id
  RETURN count(*) AS aliases
}
CALL {
  WITH s
  UNWIND $coauthors AS crow
  MATCH (ca:Researcher {id: crow.a}), (cb:Researcher {id: crow.b})
  MERGE (ca)-[ce:COAUTHOR]->(cb)
  ON CREATE SET ce.works = 0
  SET ce.works = ce.works + crow.delta
  RETURN count(*) AS coauthors
}
CALL {
  WITH s
  UNWIND $coauthors AS zrow
  MATCH (:Researcher {id: zrow.a})-[ze:COAUTHOR]->(:Researcher {id: zrow.b})
  WHERE ze.works <= 0
  DELETE ze
  RETURN count(*) AS coauthors_removed
}
CALL {
  WITH s
  UNWIND $author_counts AS nrow
  MATCH (nw:Work {id: nrow.w})
  SET nw.author_count = nrow.n
  RETURN count(*) AS recounted
}
CALL {
  WITH s
  UNWIND $candidates_remove AS cid
  MATCH (old:DuplicateCandidate {id: cid})
  DELETE old
  RETURN count(*) AS candidates_removed
}
CALL {
  WITH s
  UNWIND $candidates AS drow
  MERGE (dc:DuplicateCandidate {id: drow.id})
  SET dc += drow
  RETURN count(*) AS candidates
}
SET s += $props,
    s.claimed = coalesce(s.claimed, false) OR coalesce(m.claimed, false),
    s.open_to_collaborate = coalesce(s.open_to_collaborate, false)
                            OR coalesce(m.open_to_collaborate, false)
CREATE (act:CurationAction)
SET act = $action
DETACH DELETE m
RETURN act.id AS id, authored, coauthors, claims, follows
