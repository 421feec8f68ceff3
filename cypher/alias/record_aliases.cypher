// alias/record_aliases: remember that old ids now mean another entity (OpenAlex merged_ids,
// Mode: write
// curator merges). Idempotent.
// Parameters: $rows: [{id, kind, target}]
// Example: {"rows": [{"id": "A1", "kind": "researcher", "target": "A2"}]}
UNWIND $rows AS row
MERGE (a:Alias {id: row.id, kind: row.kind})
SET a.target = row.target
RETURN count(a) AS recorded
