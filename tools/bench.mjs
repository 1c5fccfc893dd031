// `npm run bench`: builds the local host and the benchmark in Release, then prints the figures.
// Extra arguments go to the benchmark, e.g. `npm run bench -- --stories 600 --skip-in-memory`.
// `npm run bench -- --host functions` also publishes the Functions app and measures the registration and proposal
// stories on the real Functions host, beside the Local host's, in the same run.
import { ensureNodePackages, run } from './stack.mjs';
import { findFunctionsHost, publishedApp, publishFunctionsApp } from './functions-host.mjs';

const args = process.argv.slice(2);
const env = { ...process.env };
if (args[args.indexOf('--host') + 1] === 'functions' && args.includes('--host')) {
  const host = findFunctionsHost();
  if (host.kind !== 'func-host') {
    console.error(`--host functions needs the host kit's func-host: ${host.reason ?? `found ${host.path}, which is Core Tools`}.`);
    process.exit(1);
  }
  publishFunctionsApp();
  Object.assign(env, { KOMUNITAS_FUNCTIONS_APP: publishedApp, FUNCTIONS_HOST: host.path });
}

ensureNodePackages();
run('dotnet', ['build', '-c', 'Release', 'functions/ServerlessKomunitas.Local', '--nologo', '-v', 'quiet']);
run('dotnet', ['build', '-c', 'Release', 'bench/ServerlessKomunitas.Bench', '--nologo', '-v', 'quiet']);
run('dotnet', ['bench/ServerlessKomunitas.Bench/bin/Release/net10.0/ServerlessKomunitas.Bench.dll', ...args], { env });
