// Lint .cypher files with Neo4j's own parser and semantic analysis
// (@neo4j-cypher/language-support), offline. Prints one JSON object per file:
// {"file": ..., "diagnostics": [{severity, message, line, character}]}. Exit 0 always;
// the Python test decides what fails (severity 1 = error).
import { readFileSync } from 'node:fs';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const parameters = {};
  for (const m of text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) parameters[m[1]] = null;
  const { diagnostics } = lintCypherQuery(text, { parameters });
  const out = diagnostics.map((d) => ({
    severity: d.severity,
    message: d.message,
    line: d.range.start.line + 1,
    character: d.range.start.character + 1,
  }));
  console.log(JSON.stringify({ file, diagnostics: out }));
}
