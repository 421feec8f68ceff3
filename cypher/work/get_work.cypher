// work/get_work: one work with its authors (in byline order) and topics.
// Parameters: $id
// Example: {"id": "W2526253498"}
MATCH (w:Work {id: $id})
RETURN w {.id, .title, .abstract, .year, .type, .venue, .doi, .arxiv_id, .openalex_id,
          .s2_id, .dblp_key, .cited_by_count} AS work,
       [(r:Researcher)-[a:AUTHORED]->(w) | r {.id, .name, position: a.position}] AS authors,
       [(w)-[h:HAS_TOPIC]->(t:Topic) | t {.id, .name, score: h.score}] AS topics
