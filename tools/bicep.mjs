// Compiles and lints infra/main.bicep with the bicep compiler restored from NuGet (tools/Bicep), and fails on
// any error and on the warnings that mean the template is wrong: unknown properties or types, missing ones.
// Writes the ARM template to artifacts/infra/main.json, which the template test reads.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './stack.mjs';

const blocking = new Set(['BCP035', 'BCP037', 'BCP081', 'BCP089']);
const template = path.join(root, 'infra', 'main.bicep');
const output = path.join(root, 'artifacts', 'infra', 'main.json');

run('dotnet', ['restore', 'tools/Bicep', '--nologo', '-v', 'quiet']);
const bicep = execFileSync('dotnet', ['msbuild', 'tools/Bicep', '-nologo', '-getProperty:BicepPath'], { cwd: root, encoding: 'utf8' }).trim();
mkdirSync(path.dirname(output), { recursive: true });

function check(step, args) {
  // The SARIF report goes to stdout, or to stderr when the template goes to a file.
  const result = spawnSync(bicep, [...args, '--diagnostics-format', 'sarif'], { cwd: root, encoding: 'utf8' });
  const sarif = [result.stdout, result.stderr].find((text) => text && text.includes('"runs"'));
  if (!sarif) {
    throw new Error(`bicep ${step} wrote no report (exit ${result.status}): ${result.stderr}`);
  }
  const results = JSON.parse(sarif.slice(sarif.indexOf('{'))).runs.flatMap((r) => r.results);
  const failures = results.filter((r) => (r.level ?? 'warning') === 'error' || blocking.has(r.ruleId));
  for (const r of results) {
    const where = r.locations?.[0]?.physicalLocation;
    const file = where ? path.relative(root, new URL(where.artifactLocation.uri).pathname) : '';
    console.log(`bicep ${step}: ${r.level ?? 'warning'} ${r.ruleId} ${file}:${where?.region?.startLine ?? ''} ${r.message.text}`);
  }
  if (failures.length > 0 || result.status !== 0) {
    throw new Error(`bicep ${step} found ${failures.length} blocking diagnostic(s).`);
  }
  console.log(`bicep ${step}: ok (${results.length} diagnostic(s), none blocking)`);
}

check('lint', ['lint', template]);
check('build', ['build', template, '--outfile', output]);
