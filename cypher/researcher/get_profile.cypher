// researcher/get_profile: one researcher's fields and the counts a profile page shows.
// works_count: distinct works with an authorship; topics_count: distinct topics over
// those works; close_collaborators_count: coauthors with at least $close_min shared works;
// affiliation: the institution of the most recent affiliated year.
// coauthors_count (all coauthors) and owner (the approved or verified claim, or null) feed
// the verification level and trust score, which the service computes from this row.
// alt_names, merged_ids and split_from are left by curators' merges and splits.
// Parameters: $id, $close_min (int), $top_topics (int)
// Example: {"id": "A5007671479", "close_min": 2, "top_topics": 5}
MATCH (r:Researcher {id: $id})
OPTIONAL MATCH (r)-[aff:AFFILIATED_WITH]->(i:Institution)
WITH r, i, aff
ORDER BY aff.last_year DESC, aff.first_year DESC, i.id
WITH r, collect(i {.id, .name, .country})[0] AS affiliation
OPTIONAL MATCH (r)-[:AUTHORED]->(:Work)-[:HAS_TOPIC]->(t:Topic)
WITH r, affiliation, t, count(t) AS topic_works
ORDER BY topic_works DESC, t.id
WITH r, affiliation,
     count(t) AS topics_count,
     collect(t {.id, .name, works: topic_works})[0..$top_topics] AS top_topics
RETURN r {.id, .name, .orcid, .openalex_id, .s2_id, .dblp_name, .claimed,
          .open_to_collaborate, .verification_level, .trust_score, .alt_names,
          .merged_ids, .split_from} AS researcher,
       affiliation,
       topics_count,
       top_topics,
       size([(r)-[:AUTHORED]->(w:Work) | w]) AS works_count,
       size([(r)<-[:FOLLOWS]-(u:User) | u]) AS followers_count,
       size([(r)-[c:COAUTHOR]-(o:Researcher) WHERE c.works >= $close_min | o])
         AS close_collaborators_count,
       size([(r)-[:COAUTHOR]-(o:Researcher) | o]) AS coauthors_count,
       [(r)<-[:FOR]-(k:Claim) WHERE k.status IN ['approved', 'verified']
         | k {.id, .user_id, .user_handle, .status}][0] AS owner
