// alias/record_aliases: remember that old ids now mean another entity (OpenAlex merged_ids,
// curator merges). Idempotent.
// Parameters: $rows: [{id, kind, target}]
UNWIND $rows AS row
MERGE (a:Alias {id: row.id, kind: row.kind})
SET a.target = row.target
RETURN count(a) AS recorded
