// researcher/get_top_lists: a researcher's stored top lists, as ingest keeps them (entries
// "<10^10 - weight>|<id>", heaviest first; top_works "<20000 - year>|<work id>", newest
// first): what profiles and slices read.
// Parameters: $id
// Example: {"id": "A5007671479"}
MATCH (r:Researcher {id: $id})
RETURN r.top_coauthors AS top_coauthors, r.top_topics AS top_topics, r.top_works AS top_works
