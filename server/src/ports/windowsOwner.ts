/**
 * Windows owner lookup: `netstat -ano` (TCP rows for IPv4 and IPv6; `-p TCP` alone would hide
 * IPv6-only listeners) → pid, then `tasklist /FI "PID eq N" /FO CSV /NH` → image name.
 * Listening rows are recognised by their foreign port 0, not by the state word, which Windows
 * translates ("LISTENING", "ABHÖREN", "À L'ÉCOUTE", …). The command line is not looked up
 * (it would need PowerShell/WMI, which takes about a second).
 */
import type { ListeningSocket, PortOwner, RunProgram } from './types';

/** Pure: the listening TCP rows for `port` in `netstat -ano` output. */
export function parseNetstatListening(output: string, port: number): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of output.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5 || !/^TCP(v6)?$/i.test(fields[0] as string)) continue;
    const local = splitHostPort(fields[1] as string);
    const foreign = splitHostPort(fields[2] as string);
    const pid = Number(fields[fields.length - 1]);
    if (!local || !foreign || foreign.port !== 0 || local.port !== port || !Number.isInteger(pid)) continue;
    sockets.push({ address: local.host, port, pid });
  }
  return sockets;
}

function splitHostPort(text: string): { host: string; port: number } | undefined {
  const m = /^\[?(.*?)\]?:(\d+|\*)$/.exec(text);
  if (!m) return undefined;
  return { host: m[1] as string, port: m[2] === '*' ? 0 : Number(m[2]) };
}

/** Pure: the image name for `pid` in `tasklist /FO CSV /NH` output (undefined when no row matches). */
export function parseTasklistCsv(output: string, pid: number): string | undefined {
  for (const line of output.split(/\r?\n/)) {
    const cells = parseCsvLine(line.trim());
    if (cells.length >= 2 && Number(cells[1]) === pid) return cells[0];
  }
  return undefined;
}

/** tasklist quotes every cell; a line without quotes is a message such as "INFO: No tasks are running …". */
function parseCsvLine(line: string): string[] {
  return [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] as string).replace(/""/g, '"'));
}

export function netstatArgs(): string[] {
  return ['-ano'];
}

export function tasklistArgs(pid: number): string[] {
  return ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH'];
}

export async function findWindowsOwner(port: number, run: RunProgram): Promise<{ sockets: ListeningSocket[]; owner?: PortOwner }> {
  const { stdout } = await run('netstat', netstatArgs(), { timeoutMs: 5000 });
  const sockets = parseNetstatListening(stdout, port);
  const pid = sockets.map((s) => s.pid ?? 0).find((p) => p > 0) ?? sockets[0]?.pid;
  if (pid === undefined) return { sockets };
  const owner: PortOwner = { pid };
  const list = await run('tasklist', tasklistArgs(pid)).catch(() => undefined);
  const name = list ? parseTasklistCsv(list.stdout, pid) : undefined;
  if (name) owner.name = name;
  else if (pid === 4) owner.name = 'System';
  return { sockets, owner };
}
