// `npm start`: the whole system on this machine. Installs Azurite and starts it if needed, builds, loads seeds/, starts
// the local mail service on http://localhost:7072, publishes the Functions app and runs it on a real Functions host on
// http://localhost:7071 (FUNCTIONS_HOST, else Core Tools' `func`, else ../shared/functions-host/func-host).
// With no host, or with `npm start -- --local`, it runs the Local host on :7071 instead and says why.
// Ctrl+C stops everything it started.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureAzurite, ensureNodePackages, root, run, stopOnExit } from './stack.mjs';
import { findFunctionsHost, publishedApp, publishFunctionsApp, setHostFunctionKey, startFunctionsHost } from './functions-host.mjs';

const port = 7071;
const mailPort = 7072;
const adminKey = 'local-admin-key';
const localOutput = path.join(root, 'functions', 'ServerlessKomunitas.Local', 'bin', 'start');
const local = path.join(localOutput, 'ServerlessKomunitas.Local.dll');
const site = `http://localhost:${port}`;
const mailbox = `http://localhost:${mailPort}/dev/mailbox`;

const wantsLocal = process.argv.includes('--local');
const host = wantsLocal ? { reason: 'you asked for it with --local' } : findFunctionsHost();

ensureNodePackages();
const children = [];
const shutdown = stopOnExit(children);
children.push(await ensureAzurite());

run('dotnet', ['build', 'functions/ServerlessKomunitas.Local', '--nologo', '-v', 'quiet', '-o', localOutput]);
run('dotnet', [local, 'seed']);

// Every email lands in the mail service's mailbox, whichever host sends it.
const mail = spawn('dotnet', [local, 'mail', `--Local:HttpPort=${mailPort}`, `--Mailbox:Path=${path.join(root, '.mailbox', 'messages.jsonl')}`,
  // A message typed in the WhatsApp view goes to the app's webhook, as Twilio's Messaging Service sends it.
  `--DevTwilio:InboundUrl=${site}/api/webhooks/twilio`],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
children.push(mail);

let app;
if (host.path) {
  publishFunctionsApp();
  run('dotnet', [local, 'functions-settings', '--out', path.join(publishedApp, 'local.settings.json'), '--port', String(port), '--mail-port', String(mailPort)]);
  console.log(`Starting the Functions app on the real Functions host (${host.path})...`);
  const started = await startFunctionsHost(host, { port, stateDir: path.join(root, '.functions-host') });
  app = started.child;
  children.push(app);
  if (started.masterKey) {
    // Operator routes take a function key, as in Azure: this one makes the README's `x-functions-key: local-admin-key` work.
    await setHostFunctionKey(started, 'local-admin', adminKey);
    writeFileSync(path.join(root, '.functions-host', 'master-key'), started.masterKey);
  }
  console.log(`
ServerlessKomunitas is running on the Azure Functions host.
  Home page:         ${site}/api/beranda
  Registration form: ${site}/api/daftar
  Member form:       ${site}/api/gabung
  Proposal form:     ${site}/api/usulan
  Event calendar:    ${site}/api/events
  API (OpenAPI):     ${site}/api/openapi.json
  Health:            ${site}/api/health
  Mailbox:           ${mailbox}
  WhatsApp view:     http://localhost:${mailPort}/dev/whatsapp
  Operator key:      x-functions-key: ${adminKey}
  Master key:        ${started.masterKey ? '.functions-host/master-key (for /admin/functions/<job>)' : 'not needed under Core Tools'}
Ctrl+C stops the host, its worker, the mail service and Azurite.`);
} else {
  console.log(`Running the Local host instead of the Functions host: ${host.reason}.`);
  app = spawn('dotnet', [local], {
    cwd: root,
    stdio: 'inherit',
    // Email and WhatsApp go to the mail service, as from the Functions host.
    env: {
      ASPNETCORE_ENVIRONMENT: 'Development',
      Email__SendGridHost: `http://127.0.0.1:${mailPort}`,
      WhatsApp__ApiBaseUrl: `http://127.0.0.1:${mailPort}`,
      ...process.env,
    },
  });
  children.push(app);
}
// Either one stopping on its own ends the whole run (and stops the rest).
app.on('exit', (code) => shutdown.stopping || process.exit(code ?? 0));
mail.on('exit', (code) => { if (!shutdown.stopping) { console.error(`The mail service stopped (${code}).`); process.exit(1); } });
