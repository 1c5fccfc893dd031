// Shared by the README's two commands: install the Node packages, and start Azurite when nothing
// listens on its ports yet. Uses only Node's built-in modules, so it runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isWindows = process.platform === 'win32';

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: isWindows, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

export function ensureNodePackages() {
  if (!existsSync(path.join(root, 'node_modules', 'azurite', 'package.json'))) {
    console.log('Installing Node packages (npm ci)...');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
}

export function isListening(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port, seconds) {
  for (let i = 0; i < seconds * 10; i++) {
    if (await isListening(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Azurite did not open port ${port} within ${seconds} s`);
}

/**
 * Starts Azurite on 10000-10002 with its data in .azurite/, unless something already listens there.
 * Returns the child process, or null when an already running emulator is reused.
 */
export async function ensureAzurite({ location = path.join(root, '.azurite'), debugLog } = {}) {
  if (await isListening(10002)) {
    console.log('Azurite is already listening on 127.0.0.1:10000-10002; using it.');
    return null;
  }
  mkdirSync(location, { recursive: true });
  const bin = path.join(root, 'node_modules', '.bin', isWindows ? 'azurite.cmd' : 'azurite');
  const args = ['--silent', '--skipApiVersionCheck', '--disableTelemetry', '--location', location];
  if (debugLog) args.push('--debug', debugLog);
  const child = spawn(bin, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: isWindows });
  await waitForPort(10002, 30);
  console.log(`Azurite started (data in ${path.relative(root, location)}/).`);
  return child;
}

/**
 * Stops every child in `children` (which may grow later) when this script exits or is interrupted. On Ctrl+C or
 * SIGTERM it waits (up to 30 s) until each has exited, so that no port is still held when the prompt comes back:
 * the Functions host stops its worker on SIGTERM, which takes a moment.
 */
export function stopOnExit(children) {
  const running = () => children.filter((c) => c && c.exitCode === null && c.signalCode === null);
  const stop = () => running().forEach((c) => c.kill('SIGTERM'));
  process.on('exit', stop);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      const left = running();
      const exited = left.map((c) => new Promise((resolve) => c.once('exit', resolve)));
      stop();
      await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 30_000))]);
      running().forEach((c) => c.kill('SIGKILL'));
      process.exit(130);
    });
  }
  return { get stopping() { return stopping; } };
}
