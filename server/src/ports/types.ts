/** Shared types of the port probe and owner lookup (node-only, read host state, never change it). */

export type PortState = 'free' | 'taken' | 'privileged' | 'unknown';

export interface PortContainer {
  /** Full container id. */
  id: string;
  /** Container name without the leading `/`. */
  name: string;
  labels: Record<string, string>;
}

export interface PortOwner {
  pid?: number;
  /** Process name, e.g. `nginx`, `docker-proxy`, `node`, `nginx.exe`. */
  name?: string;
  /** Full command line, arguments joined by single spaces (Linux, macOS; not on Windows). */
  commandLine?: string;
  /** The container that publishes the port, when Docker owns it. */
  container?: PortContainer;
}

export interface PortStatus {
  port: number;
  /**
   * `taken`: something listens on the port (a bind failed with EADDRINUSE, or a listener was found
   * for a privileged port, or a running container publishes it).
   * `privileged`: binding needs elevated rights (EACCES below 1024) and no listener was found.
   * `unknown`: the probe could not decide; `error` says why.
   */
  state: PortState;
  owner?: PortOwner;
  /** Why the state is `unknown`, or why the owner lookup failed (state stays `taken`). */
  error?: string;
}

export interface ProbeResult {
  port: number;
  state: PortState;
  /** Errno code of the bind that decided, e.g. `EADDRINUSE`, `EACCES`. */
  code?: string;
  /** The address whose bind decided (e.g. `::`, `0.0.0.0`, `127.0.0.1`, `::1`). */
  address?: string;
  /** Human-readable reason for `unknown`. */
  error?: string;
}

/** A TCP socket in LISTEN state as the OS reports it. */
export interface ListeningSocket {
  /** Local address as text: `0.0.0.0`, `127.0.0.1`, `::`, `::1`, `*`. */
  address: string;
  port: number;
  pid?: number;
  /** Linux only: socket inode and owning uid. */
  inode?: number;
  uid?: number;
  /** macOS lsof only: process name as lsof prints it. */
  command?: string;
}

/** Runs a program with an argv array; resolves stdout (also on a non-zero exit), rejects on spawn failure/timeout. */
export type RunProgram = (file: string, args: string[], opts?: { timeoutMs?: number }) => Promise<{ stdout: string; exitCode: number }>;
