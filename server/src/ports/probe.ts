/**
 * Decides whether a TCP port is free by trying to bind it (never by connecting: endpoint-protection
 * software answers connects on every port). Every socket is closed at once; the host is not changed.
 *
 * Order: `::` dual-stack (covers IPv4 and IPv6 wildcard and, on Linux, every specific-address
 * listener too), falling back to `0.0.0.0` where IPv6 is absent; then `127.0.0.1` and `::1`, because
 * on macOS/BSD and Windows a wildcard bind may succeed beside a listener on one loopback address.
 */
import * as net from 'node:net';
import type { ProbeResult } from './types';

export interface BindAttempt {
  host: string;
  ipv6Only?: boolean;
}

/** Binds and closes at once; resolves `undefined` on success or the errno code (e.g. `EADDRINUSE`). */
export type BindFn = (port: number, attempt: BindAttempt) => Promise<string | undefined>;

export interface ProbeOptions {
  /** Also bind 127.0.0.1 and ::1 after the wildcard bind succeeded (default true). */
  loopbackChecks?: boolean;
  /** For tests: replaces the real bind. */
  bind?: BindFn;
}

const IPV6_ABSENT = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL', 'EPROTONOSUPPORT']);
const LOOPBACKS = ['127.0.0.1', '::1'];

export async function probePort(port: number, opts: ProbeOptions = {}): Promise<ProbeResult> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return { port, state: 'unknown', error: `${port} is not a TCP port (use a whole number from 1 to 65535).` };
  }
  const bind = opts.bind ?? bindAndClose;
  let address = '::';
  let code = await bind(port, { host: '::', ipv6Only: false });
  if (code !== undefined && IPV6_ABSENT.has(code)) {
    address = '0.0.0.0';
    code = await bind(port, { host: '0.0.0.0' });
  }
  if (code !== undefined) return fromBindError(port, address, code);
  if (opts.loopbackChecks === false) return { port, state: 'free' };
  for (const host of LOOPBACKS) {
    const loopCode = await bind(port, { host });
    if (loopCode === 'EADDRINUSE') return { port, state: 'taken', code: loopCode, address: host };
  }
  return { port, state: 'free' };
}

function fromBindError(port: number, address: string, code: string): ProbeResult {
  if (code === 'EADDRINUSE') return { port, state: 'taken', code, address };
  if (code === 'EACCES' && port < 1024) return { port, state: 'privileged', code, address };
  if (code === 'EACCES') {
    return {
      port,
      state: 'unknown',
      code,
      address,
      error:
        `Binding port ${port} was refused (EACCES). On Windows the port may be in a reserved range: ` +
        'run `netsh interface ipv4 show excludedportrange protocol=tcp`.',
    };
  }
  return { port, state: 'unknown', code, address, error: `Could not test port ${port} on ${address}: ${code}.` };
}

export function bindAndClose(port: number, attempt: BindAttempt): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen({ port, host: attempt.host, ipv6Only: attempt.ipv6Only ?? false, exclusive: true, backlog: 1 }, () => {
      server.close(() => resolve(undefined));
    });
  });
}
