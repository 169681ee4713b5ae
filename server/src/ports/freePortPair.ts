/**
 * Picks gateway ports for the "use free ports" quick fix: 8080/8443 first, then both moved up
 * together by one (8081/8444, 8082/8445, …) so the pair keeps its familiar 80/443-like distance.
 */

export interface PortPair {
  http: number;
  https: number;
}

export interface NextFreePortPairOptions {
  /** Default { http: 8080, https: 8443 }. */
  first?: PortPair;
  /** How far both ports move per attempt (default 1). */
  step?: number;
  /** Pairs tried before giving up (default 100: up to 8179/8542). */
  maxAttempts?: number;
  /** Ports never proposed (e.g. the admin port, ports the document already uses). */
  exclude?: Iterable<number>;
}

/** Resolves the first pair whose both ports `isFree` says are free, or `undefined` when none is. */
export async function nextFreePortPair(
  isFree: (port: number) => Promise<boolean>,
  opts: NextFreePortPairOptions = {},
): Promise<PortPair | undefined> {
  const first = opts.first ?? { http: 8080, https: 8443 };
  const step = opts.step ?? 1;
  const attempts = opts.maxAttempts ?? 100;
  const exclude = new Set(opts.exclude ?? []);
  for (let i = 0; i < attempts; i++) {
    const pair = { http: first.http + i * step, https: first.https + i * step };
    if (Math.max(pair.http, pair.https) > 65535 || pair.http === pair.https || exclude.has(pair.http) || exclude.has(pair.https)) continue;
    if ((await isFree(pair.http)) && (await isFree(pair.https))) return pair;
  }
  return undefined;
}
