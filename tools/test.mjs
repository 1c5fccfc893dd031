// `npm test`: every test. Installs the Node packages the tests need (Azurite), compiles and lints infra/
// (tools/bicep.mjs), builds once in Release, publishes the Functions app from that build for the real-host tier, and
// runs the test projects without building again. Release, because the Functions app ships in Release and the deploy
// rehearsal runs the hook's own `dotnet run -c Release`: one build serves all three. The tests start their own
// Azurite on free ports, so they can run next to `npm start`.
//
// Two tiers need something from the machine, and are skipped with a note when it is missing, unless CI=true, which
// makes them required:
// - the browser tests need Chromium (CHROMIUM_PATH, default /usr/bin/chromium);
// - the real-host tier (tests/ServerlessKomunitas.Tests/RealHost, trait Category=RealHost) runs the published
//   Functions app on the host kit's func-host (FUNCTIONS_HOST, else ../shared/functions-host/func-host).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureNodePackages, root, run } from './stack.mjs';
import { publishedApp, publishFunctionsApp } from './functions-host.mjs';

const ci = process.env.CI === 'true';
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const browserTestsRun = existsSync(chromium) || ci;

// The tier drives the kit's func-host (it keeps its keys in files the tests read); Core Tools' func does not.
const kitHost = process.env.FUNCTIONS_HOST || path.resolve(root, '..', 'shared', 'functions-host', 'func-host');
const realHostRuns = existsSync(kitHost) && path.basename(kitHost) !== 'func';
if (!realHostRuns && ci) {
  console.error(`CI=true needs the real-host tier, and there is no Functions host kit at ${kitHost}.`);
  process.exit(1);
}

ensureNodePackages();
run('node', ['tools/bicep.mjs']);
run('dotnet', ['build', 'ServerlessKomunitas.sln', '-c', 'Release', '--nologo', '-v', 'minimal']);
// Each test's time goes to a results file, and the slowest are listed at the end: CI's budget is 20 minutes.
const results = path.join(root, 'artifacts', 'test-results');
rmSync(results, { recursive: true, force: true });
const args = ['test', 'ServerlessKomunitas.sln', '-c', 'Release', '--no-build', '--nologo', '--logger', 'trx;LogFilePrefix=tests', '--results-directory', results];
const env = { ...process.env };
if (realHostRuns) {
  publishFunctionsApp({ noBuild: true });
  Object.assign(env, { KOMUNITAS_FUNCTIONS_APP: publishedApp, FUNCTIONS_HOST: kitHost });
} else {
  args.push('--filter', 'Category!=RealHost');
}
try {
  run('dotnet', [...args, ...process.argv.slice(2)], { env });
} finally {
  listSlowest(results, 15);
}

/** Prints the slowest tests of this run, from the results files, so that a growing suite is seen before it outgrows CI. */
function listSlowest(directory, count) {
  if (!existsSync(directory)) {
    return;
  }
  const tests = readdirSync(directory).filter((f) => f.endsWith('.trx')).flatMap((f) =>
    [...readFileSync(path.join(directory, f), 'utf8').matchAll(/<UnitTestResult [^>]*testName="([^"]*)"[^>]*duration="(\d+):(\d+):([\d.]+)"/g)]
      .map((m) => ({ name: m[1].replaceAll('&quot;', '"').replaceAll('&amp;', '&'), seconds: Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) })));
  tests.sort((a, b) => b.seconds - a.seconds);
  console.log(`\nThe ${count} slowest of ${tests.length} tests (all files in ${path.relative(root, directory)}):`);
  for (const test of tests.slice(0, count)) {
    console.log(`${test.seconds.toFixed(1).padStart(7)} s  ${test.name}`);
  }
}

if (!browserTestsRun) {
  console.log(`
NOTE: the browser tests were SKIPPED: Chromium was not found at ${chromium}.
      Install it to run them: sudo apt-get install -y chromium   (Debian/Ubuntu)
      or point CHROMIUM_PATH at a Chromium or Chrome binary. Playwright's own download is not used.`);
}
if (!realHostRuns) {
  console.log(`
NOTE: the real-host tier was SKIPPED: no Functions host kit at ${kitHost}. Put the kit at ../shared/functions-host
      (or set FUNCTIONS_HOST to its func-host) to run the app on the real Azure Functions host.`);
}
