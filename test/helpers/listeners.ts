/**
 * Child Node processes that listen on an ephemeral TCP port in a given address variant, for the
 * port-probe tests. The child prints `LISTENING <port>` once listening; we await that line.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export type ListenerVariant = 'ipv4-any' | 'ipv4-loopback' | 'dual-stack' | 'ipv6-loopback' | 'ipv6-only';

export const LISTENER_VARIANTS: Record<ListenerVariant, { host: string; ipv6Only: boolean }> = {
  'ipv4-any': { host: '0.0.0.0', ipv6Only: false },
  'ipv4-loopback': { host: '127.0.0.1', ipv6Only: false },
  'dual-stack': { host: '::', ipv6Only: false },
  'ipv6-loopback': { host: '::1', ipv6Only: false },
  'ipv6-only': { host: '::', ipv6Only: true },
};

/** The child's program: listen, report the port, stay until killed (or until stdin closes). */
export const LISTENER_SCRIPT = [
  "const net = require('node:net');",
  'const [host, ipv6Only] = process.argv.slice(1);',
  'const server = net.createServer((s) => s.destroy());',
  "server.listen({ host, port: 0, ipv6Only: ipv6Only === 'true' }, () => console.log('LISTENING ' + server.address().port));",
  "process.stdin.on('end', () => process.exit(0)); process.stdin.resume();",
].join('\n');

export interface ChildListener {
  port: number;
  pid: number;
  /** The child's argv as /proc/<pid>/cmdline holds it. */
  argv: string[];
  /** Kills the child and resolves when it has exited. */
  stop(): Promise<void>;
}

export async function startChildListener(variant: ListenerVariant, timeoutMs = 10_000): Promise<ChildListener> {
  const { host, ipv6Only } = LISTENER_VARIANTS[variant];
  const args = ['-e', LISTENER_SCRIPT, host, String(ipv6Only)];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const port = await waitForPort(child, timeoutMs).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`Listener child (${variant}) did not start: ${err.message}`);
  });
  return { port, pid: child.pid as number, argv: [process.execPath, ...args], stop: () => stopChild(child) };
}

function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no LISTENING line within ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}; stderr: ${err}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
