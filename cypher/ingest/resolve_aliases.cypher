// ingest/resolve_aliases: which identifier forms of incoming authors were merged away, and
// the live record each now means. A form is an OpenAlex author id ("A5023888391") or a
// prefixed id ("orcid:...", "s2:...", "dblp:..."); an alias target is a node id or (from
// OpenAlex merged_ids) an OpenAlex author id. Left out, so that the author is resolved by
// its identifiers as usual: aliases whose target is not in the graph, and forms that are
// still a record's own id (the API answers those with the record too).
// Parameters: $forms: [identifier form]
// Example: {"forms": ["A5007671479", "orcid:0000-0002-2602-6482"]}
UNWIND $forms AS form
MATCH (a:Alias {id: form, kind: 'researcher'})
OPTIONAL MATCH (live:Researcher {id: form})
WITH form, a, live
WHERE live IS NULL
OPTIONAL MATCH (byid:Researcher {id: a.target})
OPTIONAL MATCH (byopenalex:Researcher {openalex_id: a.target})
WITH form, coalesce(byid.id, byopenalex.id) AS target
WHERE target IS NOT NULL
RETURN form, min(target) AS target
