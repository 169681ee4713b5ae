import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPortOwner, type RunProgram } from '../../server/src/ports';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/ports');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

interface FakeProcess {
  pid: number;
  ppid: number;
  comm: string;
  argv: string[];
  sockets: number[];
}

/** A /proc look-alike: net/tcp{,6} from the fixtures, and per-pid comm, cmdline, stat and fd links. */
function fakeProc(t: { after(fn: () => void): void }, processes: FakeProcess[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-fake-proc-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, 'net'));
  fs.writeFileSync(path.join(root, 'net', 'tcp'), fixture('linux-proc-net-tcp.txt'));
  fs.writeFileSync(path.join(root, 'net', 'tcp6'), fixture('linux-proc-net-tcp6.txt'));
  fs.mkdirSync(path.join(root, 'self'));
  for (const p of processes) {
    const dir = path.join(root, String(p.pid));
    fs.mkdirSync(path.join(dir, 'fd'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'comm'), `${p.comm}\n`);
    fs.writeFileSync(path.join(dir, 'cmdline'), `${p.argv.join('\0')}\0`);
    fs.writeFileSync(path.join(dir, 'stat'), `${p.pid} (${p.comm}) S ${p.ppid} ${p.pid} ${p.pid} 0 -1 4194560`);
    fs.symlinkSync('/dev/null', path.join(dir, 'fd', '0'));
    p.sockets.forEach((inode, i) => fs.symlinkSync(`socket:[${inode}]`, path.join(dir, 'fd', String(3 + i))));
  }
  return root;
}

void test('Linux: nginx master and workers share the socket; the master (parent) is named', async (t) => {
  const procRoot = fakeProc(t, [
    { pid: 1, ppid: 0, comm: 'init', argv: ['/sbin/init'], sockets: [] },
    { pid: 812, ppid: 1, comm: 'nginx', argv: ['nginx: master process /usr/sbin/nginx', '-g', 'daemon on;'], sockets: [48213, 48214] },
    { pid: 813, ppid: 812, comm: 'nginx', argv: ['nginx: worker process'], sockets: [48213, 48214] },
    { pid: 650, ppid: 1, comm: 'postgres', argv: ['/usr/lib/postgresql/15/bin/postgres'], sockets: [23317] },
  ]);
  const result = await findPortOwner(8080, { platform: 'linux', procRoot });
  assert.deepEqual(result, {
    listening: true,
    owner: { pid: 812, name: 'nginx', commandLine: 'nginx: master process /usr/sbin/nginx -g daemon on;' },
  });
  const pg = await findPortOwner(5432, { platform: 'linux', procRoot });
  assert.equal(pg.owner?.name, 'postgres');
});

void test('Linux: a listener whose process is invisible is still "listening", without a pid', async (t) => {
  const procRoot = fakeProc(t, [{ pid: 1, ppid: 0, comm: 'init', argv: ['/sbin/init'], sockets: [] }]);
  assert.deepEqual(await findPortOwner(8443, { platform: 'linux', procRoot }), { listening: true });
  assert.deepEqual(await findPortOwner(9999, { platform: 'linux', procRoot }), { listening: false });
});

/** Answers like the real programs, from the recorded output; records the argv it was given. */
function recordedRun(outputs: Record<string, string>, calls: string[][]): RunProgram {
  return (file, args) => {
    calls.push([file, ...args]);
    const key = [file, ...args].join(' ');
    const stdout = outputs[key];
    return Promise.resolve(stdout === undefined ? { stdout: '', exitCode: 1 } : { stdout, exitCode: 0 });
  };
}

void test('macOS: lsof names the lowest pid, ps gives its command line', async () => {
  const calls: string[][] = [];
  const run = recordedRun(
    {
      'lsof -nP -iTCP:8080 -sTCP:LISTEN +c 0': fixture('macos-lsof-8080.txt'),
      'ps -o command= -p 71234': fixture('macos-ps-71234.txt'),
    },
    calls,
  );
  const result = await findPortOwner(8080, { platform: 'darwin', run });
  assert.deepEqual(result, {
    listening: true,
    owner: { pid: 71234, name: 'nginx', commandLine: '/opt/homebrew/opt/nginx/bin/nginx -g daemon off;' },
  });
  assert.deepEqual(calls, [
    ['lsof', '-nP', '-iTCP:8080', '-sTCP:LISTEN', '+c', '0'],
    ['ps', '-o', 'command=', '-p', '71234'],
  ]);
  assert.deepEqual(await findPortOwner(9999, { platform: 'darwin', run }), { listening: false });
});

void test('Windows: netstat gives the pid, tasklist the image name', async () => {
  const calls: string[][] = [];
  const run = recordedRun(
    {
      'netstat -ano': fixture('windows-netstat-ano.txt'),
      'tasklist /FI PID eq 9184 /FO CSV /NH': fixture('windows-tasklist-9184.txt'),
      'tasklist /FI PID eq 4 /FO CSV /NH': fixture('windows-tasklist-4.txt'),
    },
    calls,
  );
  assert.deepEqual(await findPortOwner(8080, { platform: 'win32', run }), { listening: true, owner: { pid: 9184, name: 'nginx.exe' } });
  assert.deepEqual(calls[1], ['tasklist', '/FI', 'PID eq 9184', '/FO', 'CSV', '/NH']);
  assert.deepEqual(await findPortOwner(80, { platform: 'win32', run }), { listening: true, owner: { pid: 4, name: 'System' } });
  assert.deepEqual(await findPortOwner(5000, { platform: 'win32', run }), { listening: false });
});

void test('a failing lookup program is reported, not thrown', async () => {
  const run: RunProgram = () => Promise.reject(new Error('Running lsof failed: ENOENT.'));
  assert.deepEqual(await findPortOwner(8080, { platform: 'darwin', run }), {
    listening: false,
    error: 'Could not find the program that holds port 8080: Running lsof failed: ENOENT.',
  });
});
