// `npm start`: the whole system on this machine. Installs Azurite, starts it if needed, builds,
// creates the tables and loads seeds/, then runs ServerlessKomunitas.Local on http://localhost:7071.
import { spawn } from 'node:child_process';
import { ensureAzurite, ensureNodePackages, root, run, stopOnExit } from './stack.mjs';

const project = 'functions/ServerlessKomunitas.Local';

ensureNodePackages();
const azurite = await ensureAzurite();
stopOnExit(azurite);

run('dotnet', ['build', project, '--nologo', '-v', 'quiet']);
run('dotnet', ['run', '--no-build', '--project', project, '--', 'seed']);

const app = spawn('dotnet', ['run', '--no-build', '--project', project], { cwd: root, stdio: 'inherit' });
stopOnExit(azurite, app);
app.on('exit', (code) => process.exit(code ?? 0));
