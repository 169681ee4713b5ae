import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  findPublishingContainer,
  isContainerPortHolder,
  parseLsofListen,
  parseNetstatListening,
  parseProcNetTcp,
  parsePsCommand,
  parseTasklistCsv,
} from '../../server/src/ports';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/ports');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

void test('/proc/net/tcp: only LISTEN rows of the port, with decoded address, uid and inode', () => {
  const text = fixture('linux-proc-net-tcp.txt');
  assert.deepEqual(parseProcNetTcp(text, 8080), [{ address: '0.0.0.0', port: 8080, uid: 33, inode: 48213 }]);
  assert.deepEqual(parseProcNetTcp(text, 8443), [{ address: '127.0.0.1', port: 8443, uid: 1000, inode: 51877 }]);
  assert.deepEqual(parseProcNetTcp(text, 443), [], 'an outgoing connection to 443 is not a listener');
  assert.deepEqual(parseProcNetTcp(text, 9999), []);
  assert.deepEqual(parseProcNetTcp('', 8080), []);
});

void test('/proc/net/tcp6: wildcard, loopback and global IPv6 listeners', () => {
  const text = fixture('linux-proc-net-tcp6.txt');
  assert.deepEqual(parseProcNetTcp(text, 8080), [{ address: '::', port: 8080, uid: 33, inode: 48214 }]);
  assert.deepEqual(parseProcNetTcp(text, 5432), [{ address: '::1', port: 5432, uid: 106, inode: 23317 }]);
  assert.deepEqual(parseProcNetTcp(text, 8443), [{ address: '2001:db8::1', port: 8443, uid: 1000, inode: 62001 }]);
});

void test('/proc/net/tcp on a big-endian host', () => {
  const text = 'header\n   0: 7F000001:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 777 1 0 100 0 0 10 0\n';
  assert.deepEqual(parseProcNetTcp(text, 8080, 'BE'), [{ address: '127.0.0.1', port: 8080, uid: 1000, inode: 777 }]);
});

void test('lsof: nginx master and worker on IPv4 and IPv6', () => {
  const sockets = parseLsofListen(fixture('macos-lsof-8080.txt'), 8080);
  assert.deepEqual(sockets, [
    { command: 'nginx', pid: 71234, address: '*', port: 8080 },
    { command: 'nginx', pid: 71234, address: '*', port: 8080 },
    { command: 'nginx', pid: 71236, address: '*', port: 8080 },
    { command: 'nginx', pid: 71236, address: '*', port: 8080 },
  ]);
  assert.deepEqual(parseLsofListen(fixture('macos-lsof-8080.txt'), 80), []);
});

void test('lsof: Docker Desktop backend with its full name (+c 0)', () => {
  assert.deepEqual(parseLsofListen(fixture('macos-lsof-docker-80.txt'), 80), [
    { command: 'com.docker.backend', pid: 48213, address: '*', port: 80 },
  ]);
});

void test('lsof: loopback listeners and escaped spaces in command names', () => {
  assert.deepEqual(parseLsofListen(fixture('macos-lsof-loopback.txt'), 3000), [
    { command: 'Code Helper', pid: 90412, address: '127.0.0.1', port: 3000 },
    { command: 'node', pid: 90511, address: '::1', port: 3000 },
  ]);
  assert.deepEqual(parseLsofListen('', 3000), [], 'lsof prints nothing (exit 1) when no process listens');
});

void test('ps -o command=: the command line', () => {
  assert.equal(parsePsCommand(fixture('macos-ps-71234.txt')), '/opt/homebrew/opt/nginx/bin/nginx -g daemon off;');
  assert.equal(parsePsCommand('\n'), undefined);
});

void test('netstat -ano: IPv4 and IPv6 listening rows of the port, not connections', () => {
  const text = fixture('windows-netstat-ano.txt');
  assert.deepEqual(parseNetstatListening(text, 8080), [
    { address: '0.0.0.0', port: 8080, pid: 9184 },
    { address: '::', port: 8080, pid: 9184 },
  ]);
  assert.deepEqual(parseNetstatListening(text, 80), [
    { address: '0.0.0.0', port: 80, pid: 4 },
    { address: '::', port: 80, pid: 4 },
  ]);
  assert.deepEqual(parseNetstatListening(text, 5432), [{ address: '::1', port: 5432, pid: 3312 }]);
  assert.deepEqual(parseNetstatListening(text, 8443), [{ address: '127.0.0.1', port: 8443, pid: 9184 }]);
  assert.deepEqual(parseNetstatListening(text, 9000), [], 'TIME_WAIT is not a listener');
  assert.deepEqual(parseNetstatListening(text, 5353), [], 'UDP rows are ignored');
  assert.deepEqual(parseNetstatListening(text, 443), []);
});

void test('netstat -ano on a German Windows (translated state column)', () => {
  assert.deepEqual(parseNetstatListening(fixture('windows-netstat-ano-de.txt'), 8080), [
    { address: '0.0.0.0', port: 8080, pid: 5120 },
    { address: '::', port: 8080, pid: 5120 },
  ]);
});

void test('tasklist /FO CSV /NH: image name of the pid', () => {
  assert.equal(parseTasklistCsv(fixture('windows-tasklist-9184.txt'), 9184), 'nginx.exe');
  assert.equal(parseTasklistCsv(fixture('windows-tasklist-4.txt'), 4), 'System');
  assert.equal(parseTasklistCsv(fixture('windows-tasklist-5120-de.txt'), 5120), 'com.docker.backend.exe');
  assert.equal(parseTasklistCsv(fixture('windows-tasklist-none.txt'), 9184), undefined);
  assert.equal(parseTasklistCsv(fixture('windows-tasklist-9184.txt'), 1), undefined, 'another pid');
});

void test('/containers/json: the container publishing a tcp port, name without slash, string labels', () => {
  const containers = JSON.parse(fixture('docker-containers-json.json')) as unknown;
  assert.deepEqual(findPublishingContainer(containers, 8443), {
    id: '3f9c2b1a0e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807f6e5d4c3b2a19080',
    name: 'nk-shop-local-gateway',
    labels: { 'dev.nanokit.project': 'shop', 'dev.nanokit.environment': 'local', 'dev.nanokit.role': 'gateway' },
  });
  assert.deepEqual(findPublishingContainer(containers, 80), {
    id: 'b7c6d5e4f3a2918070f6e5d4c3b2a19080706f5e4d3c2b1a0918273645546372',
    name: 'legacy-web',
    labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' },
  });
  assert.equal(findPublishingContainer(containers, 5353), undefined, 'udp only');
  assert.equal(findPublishingContainer(containers, 9000), undefined, 'exposed, not published');
  assert.equal(findPublishingContainer({ message: 'nope' }, 80), undefined);
});

void test('processes that hold ports for containers', () => {
  for (const name of ['docker-proxy', 'dockerd', 'rootlesskit', 'com.docker.backend', 'com.docker.backend.exe', 'wslrelay.exe']) {
    assert.equal(isContainerPortHolder(name), true, name);
  }
  for (const name of ['nginx', 'node', 'System', undefined]) assert.equal(isContainerPortHolder(name), false, String(name));
});
