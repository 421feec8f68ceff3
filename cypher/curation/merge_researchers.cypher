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
     [(m)-[:AUTHORED]->(w:Work) | [w.id, size([(x:Researcher)-[:AUTHORED]->(w) | x])]]
       AS works_now,
     size([(s)<-[:FOR]-(k:Claim) WHERE k.status IN ['approved', 'verified'] | k]) AS s_owners,
     size([(m)<-[:FOR]-(k2:Claim) WHERE k2.status IN ['approved', 'verified'] | k2])
       AS m_owners
WHERE s_owners + m_owners <= 1
  AND size(works_now) = $works_count
  AND all(p IN works_now WHERE $works_expected[p[0]] = p[1])
CALL {
  WITH s
  UNWIND $authored AS row
  MATCH (w:Work {id: row.w})
  MERGE (s)-[a:AUTHORED]->(w)
  SET a.sources = row.sources, a.position = row.position, a.corresponding = row.corresponding
  RETURN count(*) AS authored
}
CALL {
  WITH s, m
  MATCH (m)-[x:AFFILIATED_WITH]->(i:Institution)
  MERGE (s)-[y:AFFILIATED_WITH]->(i)
  ON CREATE SET y.first_year = x.first_year, y.last_year = x.last_year
  SET y.first_year = CASE WHEN y.first_year IS NULL OR x.first_year < y.first_year
                          THEN x.first_year ELSE y.first_year END,
      y.last_year = CASE WHEN y.last_year IS NULL OR x.last_year > y.last_year
                         THEN x.last_year ELSE y.last_year END
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
  MATCH (k:Claim)-[:FOR]->(m)
  CREATE (k)-[:FOR]->(s)
  SET k.researcher_id = s.id, k.merged_from = m.id
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
  MATCH (w:Work)-[o:ASSIGNED_TO]->(m)
  WHERE none(k IN o.from_keys WHERE k IN $survivor_forms)
  CREATE (w)-[n:ASSIGNED_TO]->(s)
  SET n.id = o.id, n.from_keys = o.from_keys, n.from_id = o.from_id,
      n.action_id = o.action_id, n.at = o.at
  RETURN count(*) AS overrides
}
CALL {
  WITH s
  MATCH (:Work)-[o:ASSIGNED_TO]->(s)
  WHERE any(k IN o.from_keys WHERE k IN $merged_forms)
  DELETE o
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
  UNWIND $aliases AS row
  MERGE (al:Alias {id: row.id, kind: 'researcher'})
  SET al.target = s.id
  RETURN count(*) AS aliases
}
CALL {
  WITH s
  UNWIND $coauthors AS row
  MATCH (a:Researcher {id: row.a}), (b:Researcher {id: row.b})
  MERGE (a)-[c:COAUTHOR]->(b)
  ON CREATE SET c.works = 0
  SET c.works = c.works + row.delta
  RETURN count(*) AS coauthors
}
CALL {
  WITH s
  UNWIND $coauthors AS row
  MATCH (:Researcher {id: row.a})-[c:COAUTHOR]->(:Researcher {id: row.b})
  WHERE c.works <= 0
  DELETE c
  RETURN count(*) AS coauthors_removed
}
CALL {
  WITH s
  UNWIND $author_counts AS row
  MATCH (w:Work {id: row.w})
  SET w.author_count = row.n
  RETURN count(*) AS recounted
}
CALL {
  WITH s
  UNWIND $candidates_remove AS cid
  MATCH (d:DuplicateCandidate {id: cid})
  DELETE d
  RETURN count(*) AS candidates_removed
}
CALL {
  WITH s
  UNWIND $candidates AS row
  MERGE (d:DuplicateCandidate {id: row.id})
  SET d += row
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
