/**
 * macOS owner lookup: `lsof -nP -iTCP:<port> -sTCP:LISTEN +c 0` (full command names), then
 * `ps -o command= -p <pid>` for the command line. lsof shows other users' processes only to root.
 */
import type { ListeningSocket, PortOwner, RunProgram } from './types';

const LSOF_ROW = /^(\S+)\s+(\d+)\s+.*\sTCP\s+(\S+):(\d+)\s+\(LISTEN\)\s*$/;

/** Pure: the LISTEN rows for `port` in lsof's table output. */
export function parseLsofListen(output: string, port: number): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = LSOF_ROW.exec(line);
    if (!m || Number(m[4]) !== port) continue;
    sockets.push({
      command: unescapeLsof(m[1] as string),
      pid: Number(m[2]),
      address: (m[3] as string).replace(/^\[|\]$/g, ''),
      port,
    });
  }
  return sockets;
}

/** lsof prints unprintable and space characters in names as `\xHH`. */
function unescapeLsof(name: string): string {
  return name.replace(/\\x([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Pure: `ps -o command= -p PID` output → the command line (undefined when empty). */
export function parsePsCommand(output: string): string | undefined {
  const line = output.split(/\r?\n/).find((l) => l.trim() !== '');
  return line?.trim() || undefined;
}

export function lsofArgs(port: number): string[] {
  return ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '+c', '0'];
}

export async function findMacosOwner(port: number, run: RunProgram): Promise<{ sockets: ListeningSocket[]; owner?: PortOwner }> {
  // lsof exits 1 when nothing matches; the (empty) output is still the answer.
  const { stdout } = await run('lsof', lsofArgs(port));
  const sockets = parseLsofListen(stdout, port);
  const first = sockets.sort((a, b) => (a.pid ?? 0) - (b.pid ?? 0))[0];
  if (!first?.pid) return { sockets };
  const owner: PortOwner = { pid: first.pid, name: first.command ?? '' };
  const ps = await run('ps', ['-o', 'command=', '-p', String(first.pid)]).catch(() => undefined);
  const commandLine = ps ? parsePsCommand(ps.stdout) : undefined;
  if (commandLine) owner.commandLine = commandLine;
  return { sockets, owner };
}
