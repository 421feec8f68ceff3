"""Attempts to write to or administer the graph through the analysts' endpoint.

Every one must be refused and leave the graph as it was: tests/analyst/test_write_corpus.py.
"""

from __future__ import annotations

from typing import Any

Attempt = tuple[str, str, dict[str, Any], str]
"""(what it tries, the query, its parameters, how FalkorDB refuses it):

- ``read_only``: 403, GRAPH.RO_QUERY refuses it as a write (DDL and writing procedures too);
- ``outside_the_graph``: 403, graphsvc refuses a plan with LOAD CSV (RO_QUERY would run it);
- ``not_cypher``: 400, the engine does not parse it as one Cypher statement it knows
  (look-alike letters, odd whitespace, several statements, redis commands, constraint DDL
  in a syntax FalkorDB lacks, procedures it does not have), so there is nothing to run.
"""

WRITES: list[Attempt] = [
    # CREATE
    ("create a node", "CREATE (n:Researcher {id: 'X1', name: 'Nobody'})", {}, "read_only"),
    ("create and return", "CREATE (n:Researcher {id: 'X1'}) RETURN n", {}, "read_only"),
    (
        "create an edge",
        "MATCH (a:Researcher) WITH a LIMIT 1 CREATE (a)-[:COAUTHOR]->(a)",
        {},
        "read_only",
    ),
    (
        "create in a loop",
        "UNWIND range(1, 3) AS i CREATE (:Work {id: toString(i)})",
        {},
        "read_only",
    ),
    (
        "create from parameters",
        "CREATE (n:Evil {name: $name}) RETURN n",
        {"name": "x"},
        "read_only",
    ),
    # MERGE
    ("merge a node", "MERGE (t:Topic {id: 'T-new'})", {}, "read_only"),
    (
        "merge with ON MATCH SET",
        "MERGE (n:Researcher {id: 'A5007671479'}) ON MATCH SET n.name = 'renamed'",
        {},
        "read_only",
    ),
    (
        "merge an edge",
        "MATCH (a:Researcher), (b:Work) WITH a, b LIMIT 1 MERGE (a)-[:AUTHORED]->(b)",
        {},
        "read_only",
    ),
    # SET
    ("set a property", "MATCH (n:Researcher) SET n.name = 'pwned'", {}, "read_only"),
    ("set a map", "MATCH (n) SET n += {x: 1}", {}, "read_only"),
    (
        "set from a parameter map",
        "MATCH (n:Researcher) SET n += $props",
        {"props": {"a": 1}},
        "read_only",
    ),
    ("add a label", "MATCH (n:Researcher) SET n:Admin", {}, "read_only"),
    ("grant a role", "MATCH (u:User) SET u.roles = ['admin']", {}, "read_only"),
    ("change edge weights", "MATCH ()-[r:COAUTHOR]->() SET r.works = 0", {}, "read_only"),
    # REMOVE
    ("remove a property", "MATCH (n:Researcher) REMOVE n.orcid", {}, "read_only"),
    ("remove a label", "MATCH (n:Work) REMOVE n:Work", {}, "read_only"),
    # DELETE, DETACH DELETE
    ("delete edges", "MATCH ()-[r:AUTHORED]->() DELETE r", {}, "read_only"),
    ("delete tokens", "MATCH (t:Token) DELETE t", {}, "read_only"),
    ("delete a topic", "MATCH (n:Topic) DELETE n", {}, "read_only"),
    ("detach delete everything", "MATCH (n) DETACH DELETE n", {}, "read_only"),
    ("detach delete users", "MATCH (n:User) DETACH DELETE n", {}, "read_only"),
    (
        "detach delete and count",
        "MATCH (n) WITH n LIMIT 1 DETACH DELETE n RETURN count(*) AS gone",
        {},
        "read_only",
    ),
    # index and constraint DDL
    ("create an index", "CREATE INDEX FOR (n:Work) ON (n.venue)", {}, "read_only"),
    ("create an index, old syntax", "CREATE INDEX ON :Work(venue)", {}, "read_only"),
    ("drop an index", "DROP INDEX ON :Work(doi)", {}, "read_only"),
    ("drop an index, new syntax", "DROP INDEX FOR (n:Work) ON (n.doi)", {}, "read_only"),
    (
        "create a full-text index",
        "CREATE FULLTEXT INDEX FOR (n:Work) ON (n.abstract)",
        {},
        "read_only",
    ),
    (
        "create a vector index",
        "CREATE VECTOR INDEX FOR (n:Work) ON (n.embedding) "
        "OPTIONS {dimension: 2, similarityFunction: 'euclidean'}",
        {},
        "read_only",
    ),
    (
        "create a constraint",
        "CREATE CONSTRAINT FOR (n:Work) REQUIRE n.doi IS UNIQUE",
        {},
        "not_cypher",
    ),
    ("drop a constraint", "DROP CONSTRAINT work_id", {}, "not_cypher"),
    # LOAD CSV: files and URLs outside the graph
    (
        "read a local file",
        "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
        {},
        "outside_the_graph",
    ),
    (
        "path traversal",
        "LOAD CSV FROM 'file://../../../etc/passwd' AS row RETURN row",
        {},
        "outside_the_graph",
    ),
    (
        "fetch a URL and write",
        "LOAD CSV WITH HEADERS FROM 'https://example.com/people.csv' AS row "
        "CREATE (:Researcher {id: row.id})",
        {},
        "outside_the_graph",
    ),
    (
        "cloud metadata (SSRF)",
        "LOAD CSV FROM 'http://169.254.169.254/latest/meta-data/' AS row RETURN row",
        {},
        "outside_the_graph",
    ),
    (
        "URL from a parameter",
        "LOAD CSV FROM $url AS row RETURN row",
        {"url": "file:///etc/hosts"},
        "outside_the_graph",
    ),
    # writing procedures
    (
        "full-text index procedure",
        "CALL db.idx.fulltext.createNodeIndex('Work', 'venue')",
        {},
        "read_only",
    ),
    ("drop a full-text index", "CALL db.idx.fulltext.drop('Work')", {}, "read_only"),
    (
        "full-text index with options",
        "CALL db.idx.fulltext.createNodeIndex({label: 'Researcher', language: 'english'}, 'name')",
        {},
        "read_only",
    ),
    (
        "server configuration",
        "CALL dbms.setConfigValue('db.transaction.timeout', '0')",
        {},
        "not_cypher",
    ),
    ("kill other queries", "CALL dbms.killQueries(['query-1'])", {}, "not_cypher"),
    # GRAPH.* commands smuggled in the text
    ("a redis command", "GRAPH.DELETE graphsvc", {}, "not_cypher"),
    (
        "a second command after a newline",
        'MATCH (n) RETURN n\r\nGRAPH.QUERY graphsvc "CREATE (x)"',
        {},
        "not_cypher",
    ),
    ("a parameter header in the text", "CYPHER x=1 CREATE (n:Evil {x: $x})", {}, "read_only"),
    # FOREACH
    ("foreach set", "MATCH (n:Researcher) FOREACH (x IN [1] | SET n.flag = true)", {}, "read_only"),
    (
        "foreach create",
        "FOREACH (i IN range(1, 3) | CREATE (:Work {id: 'F' + toString(i)}))",
        {},
        "read_only",
    ),
    (
        "foreach delete",
        "MATCH (n:Work) WITH collect(n) AS ws FOREACH (w IN ws | DETACH DELETE w)",
        {},
        "read_only",
    ),
    # several statements in one
    ("read; create", "MATCH (n) RETURN count(n); CREATE (x:Evil)", {}, "not_cypher"),
    ("return; delete all", "RETURN 1; MATCH (n) DETACH DELETE n", {}, "not_cypher"),
    ("read; drop index", "MATCH (n) RETURN n LIMIT 1;\nDROP INDEX ON :Work(id)", {}, "not_cypher"),
    # hidden behind comments
    ("block comment before SET", "MATCH (n) /* just reading */ SET n.x = 1", {}, "read_only"),
    ("line comment, then CREATE", "// read only\nCREATE (n:Evil)", {}, "read_only"),
    ("comment then a second statement", "MATCH (n) RETURN n /* */ ; CREATE (m)", {}, "not_cypher"),
    (
        "a UNION branch that deletes",
        "MATCH (n:Researcher) RETURN n.id AS x // the rest is a comment?\n"
        "UNION MATCH (m:Work) DETACH DELETE m RETURN m.id AS x",
        {},
        "read_only",
    ),
    # hidden inside strings
    (
        "read-looking string, real create",
        "CREATE (:Evil {q: 'MATCH (n) RETURN n'})",
        {},
        "read_only",
    ),
    ("quote games", "MATCH (n:Researcher) WHERE n.name = 'it\\'s' SET n.x = 1", {}, "read_only"),
    (
        "a comment inside a string",
        "MATCH (n) WHERE n.id = '/*' SET n.x = '*/' RETURN n",
        {},
        "read_only",
    ),
    # unicode look-alikes
    ("fullwidth CREATE", "ＣＲＥＡＴＥ (n:Evil)", {}, "not_cypher"),
    ("Greek epsilon in CREATE", "CRΕATE (n:Evil)", {}, "not_cypher"),
    ("Cyrillic S in SET", "MATCH (n) ЅET n.x = 1", {}, "not_cypher"),
    ("no-break space", "CREATE\xa0(n:Evil)", {}, "not_cypher"),
    ("zero-width space", "CRE\u200bATE (n:Evil)", {}, "not_cypher"),
    # odd whitespace
    ("tab", "CREATE\t(n:Evil)", {}, "read_only"),
    ("newlines", "CREATE\n(n:Evil)\nRETURN\nn", {}, "read_only"),
    ("CRLF and indentation", "\r\n  \tMATCH (n)\r\nSET n.x = 1\r\n", {}, "read_only"),
    ("vertical tab and form feed", "CREATE\x0b(n:Evil)\x0cRETURN n", {}, "not_cypher"),
    ("line separator", "CREATE\u2028(n:Evil)", {}, "not_cypher"),
    # CALL {} subqueries
    ("subquery create", "CALL { CREATE (n:Evil) RETURN n } RETURN n", {}, "read_only"),
    (
        "correlated subquery set",
        "MATCH (r:Researcher) CALL { WITH r SET r.flag = 1 RETURN r AS x } RETURN x",
        {},
        "read_only",
    ),
    ("unit subquery delete", "CALL { MATCH (t:Token) DETACH DELETE t }", {}, "read_only"),
    (
        "subquery merge",
        "UNWIND [1] AS x CALL { WITH x MERGE (:Evil {x: x}) } RETURN x",
        {},
        "read_only",
    ),
    # case
    ("lower case", "create (n:Evil)", {}, "read_only"),
    ("mixed case", "mAtCh (n) sEt n.x = 1", {}, "read_only"),
]
