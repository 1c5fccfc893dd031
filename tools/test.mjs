// `npm test`: every test. Installs the Node packages the tests need (Azurite), compiles and lints infra/
// (tools/bicep.mjs), builds once, and runs
// the test projects without building again. The tests start their own Azurite on free ports, so they
// can run next to `npm start`. The browser tests need Chromium (CHROMIUM_PATH, default /usr/bin/chromium):
// without it they are skipped, and this script says so, unless CI=true, which makes them required.
import { existsSync } from 'node:fs';
import { ensureNodePackages, run } from './stack.mjs';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const browserTestsRun = existsSync(chromium) || process.env.CI === 'true';

ensureNodePackages();
run('node', ['tools/bicep.mjs']);
run('dotnet', ['build', 'ServerlessKomunitas.sln', '--nologo', '-v', 'minimal']);
run('dotnet', ['test', 'ServerlessKomunitas.sln', '--no-build', '--nologo', ...process.argv.slice(2)]);

if (!browserTestsRun) {
  console.log(`
NOTE: the browser tests were SKIPPED: Chromium was not found at ${chromium}.
      Install it to run them: sudo apt-get install -y chromium   (Debian/Ubuntu)
      or point CHROMIUM_PATH at a Chromium or Chrome binary. Playwright's own download is not used.`);
}
