// `npm start`: the whole system on this machine. Installs Azurite, starts it if needed, builds,
// creates the tables and loads seeds/, then runs ServerlessKomunitas.Local on http://localhost:7071.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureAzurite, ensureNodePackages, root, run, stopOnExit } from './stack.mjs';

const project = 'functions/ServerlessKomunitas.Local';
const output = path.join(root, 'functions', 'ServerlessKomunitas.Local', 'bin', 'start');
const app = path.join(output, 'ServerlessKomunitas.Local.dll');

ensureNodePackages();
const children = [];
stopOnExit(children);
children.push(await ensureAzurite());

run('dotnet', ['build', project, '--nologo', '-v', 'quiet', '-o', output]);
run('dotnet', [app, 'seed']);

// The built app is started directly (not through `dotnet run`), so that stopping this script stops it.
const host = spawn('dotnet', [app], { cwd: root, stdio: 'inherit', env: { ASPNETCORE_ENVIRONMENT: 'Development', ...process.env } });
children.push(host);
host.on('exit', (code) => process.exit(code ?? 0));
