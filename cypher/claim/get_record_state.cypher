// claim/get_record_state: who owns a researcher record (its approved or verified claim)
// and whether this user already has a pending claim on it. (The two comprehensions use
// different variables: FalkorDB 4.x confuses a name reused across them.)
// Parameters: $researcher_id, $user_id
// Example: {"researcher_id": "A5007671479", "user_id": "u-example"}
MATCH (r:Researcher {id: $researcher_id})
RETURN r {.id, .name, .orcid, .open_to_collaborate} AS researcher,
       [(r)<-[:FOR]-(o:Claim) WHERE o.status IN ['approved', 'verified']
         | o {.id, .user_id, .user_handle, .status}][0] AS owner,
       size([(r)<-[:FOR]-(c:Claim) WHERE c.status = 'pending' AND c.user_id = $user_id
         | c]) AS own_pending
