// researcher/get_profile: one researcher's fields and the counts a profile page shows.
// The counts are the researcher's derived state, kept exact by ingest (see
// ingest/write_batch and researcher/refresh_derived), so a hub with thousands of works and
// coauthors costs what anyone else does: works_count (distinct works with an authorship),
// topics_count (distinct topics over those works), close_collaborators_count (coauthors
// with at least the configured number of shared works), coauthors_count (all coauthors).
// top_topics come from a hub's top list (ingest keeps it; see ingest/write_batch), or from
// sorting the few WORKS_ON edges of anyone else; affiliation is the institution
// of the most recent affiliated year; owner (the approved or verified claim, or null) feeds
// the verification level and trust score, which the service computes from this row.
// alt_names, merged_ids and split_from are left by curators' merges and splits.
// Parameters: $id, $top_topics (int)
// Example: {"id": "A5007671479", "top_topics": 5}
MATCH (r:Researcher {id: $id})
OPTIONAL MATCH (r)-[aff:AFFILIATED_WITH]->(i:Institution)
WITH r, i, aff
ORDER BY aff.last_year DESC, aff.first_year DESC, i.id
WITH r, collect(i {.id, .name, .country})[0] AS affiliation
CALL {
  WITH r
  WITH r WHERE r.top_topics IS NOT NULL
  UNWIND r.top_topics[0..$top_topics] AS entry
  MATCH (t:Topic {id: substring(entry, 11)})
  RETURN collect(t {.id, .name, works: 10000000000 - toInteger(substring(entry, 0, 10))})
         AS listed_topics
}
CALL {
  WITH r
  WITH r WHERE r.top_topics IS NULL
  OPTIONAL MATCH (r)-[x:WORKS_ON]->(t:Topic)
  WITH t, x ORDER BY x.works DESC, t.id
  LIMIT $top_topics
  RETURN collect(t {.id, .name, works: x.works}) AS sorted_topics
}
RETURN r {.id, .name, .orcid, .openalex_id, .s2_id, .dblp_name, .claimed,
          .open_to_collaborate, .verification_level, .trust_score, .alt_names,
          .merged_ids, .split_from} AS researcher,
       affiliation,
       r.topics_count AS topics_count,
       listed_topics + sorted_topics AS top_topics,
       r.works_count AS works_count,
       size([(r)<-[:FOLLOWS]-(u:User) | u]) AS followers_count,
       r.close_collaborators_count AS close_collaborators_count,
       r.coauthors_count AS coauthors_count,
       [(r)<-[:FOR]-(k:Claim) WHERE k.status IN ['approved', 'verified']
         | k {.id, .user_id, .user_handle, .status}][0] AS owner
