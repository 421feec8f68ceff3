// claim/get_claim: one claim, its researcher, the record's current ORCID and every
// decision taken on it (who, when, why), in order.
// Parameters: $id
// Example: {"id": "c-example"}
MATCH (c:Claim {id: $id})-[:FOR]->(r:Researcher)
OPTIONAL MATCH (c)-[:HAS_DECISION]->(d:ClaimDecision)
WITH c, r, d
ORDER BY d.seq
RETURN c {.id, .user_id, .user_handle, .researcher_id, .status, .orcid, .email, .note,
          .created_at, .updated_at, .transferred_from, .decided_by, .decision_reason} AS claim,
       r {.id, .name, .orcid} AS researcher,
       collect(d {.seq, .action, .from_status, .to_status, .by_handle, .reason, .at,
                  .to_user}) AS history
