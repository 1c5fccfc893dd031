// The real Azure Functions host, for `npm start`, `npm test` and `npm run bench -- --host functions`: which one to use,
// publishing the Functions app for it, and starting it. Uses only Node's built-in modules.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './stack.mjs';

/** Where `npm start` and the tests publish the Functions app (git-ignored). */
export const publishedApp = path.join(root, 'artifacts', 'functions-app');

function onPath(command) {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/**
 * The host, in this order: FUNCTIONS_HOST; `func` (Core Tools) on PATH; the kit at ../shared/functions-host.
 * Returns { path, kind: 'func' | 'func-host' } or { reason } when there is none.
 */
export function findFunctionsHost() {
  const named = process.env.FUNCTIONS_HOST;
  if (named) {
    if (!existsSync(named)) return { reason: `FUNCTIONS_HOST names ${named}, which does not exist` };
    return { path: named, kind: path.basename(named) === 'func' ? 'func' : 'func-host' };
  }
  const func = onPath('func');
  if (func) return { path: func, kind: 'func' };
  const kit = path.resolve(root, '..', 'shared', 'functions-host', 'func-host');
  if (existsSync(kit)) return { path: kit, kind: 'func-host' };
  return {
    reason: 'no Functions host was found: set FUNCTIONS_HOST, install Azure Functions Core Tools (`func`), '
      + 'or put the host kit at ../shared/functions-host',
  };
}

/** Publishes the Functions app (Release) to `publishedApp`; `noBuild` when the solution was just built in Release. */
export function publishFunctionsApp({ noBuild = false } = {}) {
  run('dotnet', ['publish', 'functions/ServerlessKomunitas.Functions', '-c', 'Release', '--nologo', '-v', 'quiet', '-o', publishedApp,
    ...(noBuild ? ['--no-build'] : [])]);
}

/** The master key the kit's host keeps in its state folder, once it has written it. */
function masterKeyIn(stateDir) {
  const file = path.join(stateDir, 'secrets', 'host.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')).masterKey.value;
  } catch {
    return null;
  }
}

/**
 * Starts the host on `port` over the published app and waits until it says Running. The kit's host keeps its keys
 * and logs in `stateDir`. Returns { child, masterKey } (masterKey is null under Core Tools, which waives keys locally).
 */
export async function startFunctionsHost(host, { port, stateDir, env = {}, timeoutSeconds = 240 }) {
  mkdirSync(stateDir, { recursive: true });
  const args = host.kind === 'func' ? ['start', '--port', String(port)] : ['--script-root', publishedApp, '--port', String(port)];
  const child = spawn(host.path, args, {
    cwd: publishedApp,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, FUNCTIONS_HOST_STATE_DIR: stateDir, ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The Functions host exited with ${child.exitCode} before it was running.`);
    const key = host.kind === 'func-host' ? masterKeyIn(stateDir) : null;
    try {
      // The kit's host writes its keys the first time a request carries one, so early requests carry a placeholder.
      const status = await fetch(`${url}/admin/host/status`, { headers: { 'x-functions-key': key ?? 'none-yet' } });
      if (status.ok && (await status.json()).state === 'Running' && (key || host.kind === 'func')) {
        return { child, masterKey: key, url };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  child.kill('SIGTERM');
  throw new Error(`The Functions host was not running within ${timeoutSeconds} s.`);
}

/** Adds (or replaces) a host-level function key with a known value, through the host's key management API. */
export async function setHostFunctionKey({ url, masterKey }, name, value) {
  const response = await fetch(`${url}/admin/host/functionkeys/${name}`, {
    method: 'PUT',
    headers: { 'x-functions-key': masterKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name, value }),
  });
  if (!response.ok) throw new Error(`Setting the function key ${name} answered ${response.status}`);
}
