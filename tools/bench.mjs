// `npm run bench`: builds the local host and the benchmark in Release, then prints the figures.
// Extra arguments go to the benchmark, e.g. `npm run bench -- --stories 600 --skip-in-memory`.
import { ensureNodePackages, run } from './stack.mjs';

ensureNodePackages();
run('dotnet', ['build', '-c', 'Release', 'functions/ServerlessKomunitas.Local', '--nologo', '-v', 'quiet']);
run('dotnet', ['build', '-c', 'Release', 'bench/ServerlessKomunitas.Bench', '--nologo', '-v', 'quiet']);
run('dotnet', ['bench/ServerlessKomunitas.Bench/bin/Release/net10.0/ServerlessKomunitas.Bench.dll', ...process.argv.slice(2)]);
