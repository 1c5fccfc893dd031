// `npm test`: every test. Installs the Node packages the tests need (Azurite), builds once, and runs
// the test projects without building again. The tests start and stop their own Azurite on free ports,
// so they can run next to `npm start`.
import { ensureNodePackages, run } from './stack.mjs';

ensureNodePackages();
run('dotnet', ['build', 'ServerlessKomunitas.sln', '--nologo', '-v', 'minimal']);
run('dotnet', ['test', 'ServerlessKomunitas.sln', '--no-build', '--nologo', ...process.argv.slice(2)]);
