/**
 * Linux owner lookup: /proc/net/tcp{,6} LISTEN rows → socket inode → the process whose
 * /proc/<pid>/fd holds `socket:[inode]` → pid, name (/proc/<pid>/comm), command line (/proc/<pid>/cmdline).
 * Processes of other users are invisible to a non-root user: then only the socket (uid, inode) is known.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseProcNetTcp } from './linuxProcNet';
import type { ListeningSocket, PortOwner } from './types';

export interface LinuxLookupOptions {
  /** For tests: another proc root (default `/proc`). */
  procRoot?: string;
}

export interface LinuxLookupResult {
  sockets: ListeningSocket[];
  owner?: PortOwner;
}

const SCAN_BATCH = 32;

export async function findLinuxOwner(port: number, opts: LinuxLookupOptions = {}): Promise<LinuxLookupResult> {
  const procRoot = opts.procRoot ?? '/proc';
  const sockets = await readListeningSockets(procRoot, port);
  if (sockets.length === 0) return { sockets };
  const inodes = new Set(sockets.map((s) => s.inode).filter((i): i is number => !!i));
  const uids = new Set(sockets.map((s) => s.uid));
  const pids = await listPids(procRoot);
  // The socket's creator usually still runs as its uid: scan those first, then everyone
  // (a daemon may bind as root and drop privileges afterwards).
  let holders = await findHolders(procRoot, await filterByUid(procRoot, pids, uids), inodes);
  if (holders.length === 0) holders = await findHolders(procRoot, pids, inodes);
  if (holders.length === 0) return { sockets };
  const pid = await pickMainHolder(procRoot, holders);
  return { sockets, owner: await readProcessInfo(procRoot, pid) };
}

async function readListeningSockets(procRoot: string, port: number): Promise<ListeningSocket[]> {
  const endianness = os.endianness();
  const all: ListeningSocket[] = [];
  for (const file of ['tcp', 'tcp6']) {
    const text = await fsp.readFile(path.join(procRoot, 'net', file), 'utf8').catch(() => '');
    all.push(...parseProcNetTcp(text, port, endianness));
  }
  return all;
}

async function listPids(procRoot: string): Promise<number[]> {
  const entries = await fsp.readdir(procRoot);
  return entries.filter((e) => /^\d+$/.test(e)).map(Number);
}

async function filterByUid(procRoot: string, pids: number[], uids: Set<number | undefined>): Promise<number[]> {
  const stats = await Promise.all(pids.map((pid) => fsp.stat(path.join(procRoot, String(pid))).catch(() => undefined)));
  return pids.filter((_pid, i) => uids.has(stats[i]?.uid));
}

async function findHolders(procRoot: string, pids: number[], inodes: Set<number>): Promise<number[]> {
  const wanted = new Set([...inodes].map((i) => `socket:[${i}]`));
  const holders: number[] = [];
  for (let i = 0; i < pids.length; i += SCAN_BATCH) {
    const batch = pids.slice(i, i + SCAN_BATCH);
    const hits = await Promise.all(batch.map((pid) => holdsSocket(procRoot, pid, wanted)));
    batch.forEach((pid, j) => hits[j] && holders.push(pid));
  }
  return holders;
}

async function holdsSocket(procRoot: string, pid: number, wanted: Set<string>): Promise<boolean> {
  const fdDir = path.join(procRoot, String(pid), 'fd');
  const fds = await fsp.readdir(fdDir).catch(() => [] as string[]);
  const links = await Promise.all(fds.map((fd) => fsp.readlink(path.join(fdDir, fd)).catch(() => '')));
  return links.some((link) => wanted.has(link));
}

/** nginx-style masters and workers share the socket: name the one whose parent is not a holder. */
async function pickMainHolder(procRoot: string, holders: number[]): Promise<number> {
  const sorted = [...holders].sort((a, b) => a - b);
  const set = new Set(sorted);
  for (const pid of sorted) {
    const ppid = await readParentPid(procRoot, pid);
    if (ppid === undefined || !set.has(ppid)) return pid;
  }
  return sorted[0] as number;
}

async function readParentPid(procRoot: string, pid: number): Promise<number | undefined> {
  const stat = await fsp.readFile(path.join(procRoot, String(pid), 'stat'), 'utf8').catch(() => '');
  // "pid (comm) state ppid …"; comm may contain spaces and parentheses.
  const afterComm = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
  const ppid = Number(afterComm[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

export async function readProcessInfo(procRoot: string, pid: number): Promise<PortOwner> {
  const dir = path.join(procRoot, String(pid));
  const comm = await fsp.readFile(path.join(dir, 'comm'), 'utf8').catch(() => '');
  const cmdline = await fsp.readFile(path.join(dir, 'cmdline'), 'utf8').catch(() => '');
  const owner: PortOwner = { pid };
  if (comm.trim()) owner.name = comm.trim();
  const args = cmdline.split('\0');
  if (args[args.length - 1] === '') args.pop();
  if (args.length > 0) owner.commandLine = args.join(' ');
  return owner;
}
