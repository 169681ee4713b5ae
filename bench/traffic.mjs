// HTTPS traffic against the gateway while something happens to it (reloads, a restart): a few
// workers send GET requests over keep-alive connections (SNI + Host = a *.localhost service, the
// local CA as the only trust anchor) and retry only what HTTP deems safe to retry — a connection
// reset before any response (HTTP/1.1) or a refused stream (HTTP/2). Everything else is a failure.
import * as http2 from 'node:http2';
import * as https from 'node:https';

const RETRYABLE_H1 = new Set(['ECONNRESET', 'EPIPE']);

/** One HTTP/1.1 GET over the keep-alive `agent`; resolves { ok, status?, error?, retryable }. */
function getH1({ agent, port, host, ca, timeoutMs }) {
  return new Promise((resolve) => {
    let responded = false;
    const req = https.request({ host: '127.0.0.1', port, path: '/', servername: host, headers: { Host: host }, ca, agent, timeout: timeoutMs }, (res) => {
      responded = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ ok: res.statusCode === 200 && body.startsWith('ok'), status: res.statusCode }));
      res.on('error', (e) => resolve({ ok: false, error: e.code ?? e.message, retryable: false }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e) => resolve({ ok: false, error: e.code ?? e.message, retryable: !responded && RETRYABLE_H1.has(e.code) }));
    req.end();
  });
}

/** HTTP/2: one session per worker, re-created when the server closes it (GOAWAY after a reload). */
class H2Client {
  constructor({ port, ca }) {
    this.port = port;
    this.ca = ca;
    this.session = undefined;
  }

  connect(host) {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const session = http2.connect(`https://127.0.0.1:${this.port}`, { servername: host, ca: this.ca });
    session.on('error', () => undefined);
    session.on('goaway', () => session.close());
    this.session = session;
    return session;
  }

  get({ host, timeoutMs }) {
    return new Promise((resolve) => {
      let session;
      try {
        session = this.connect(host);
      } catch (error) {
        return resolve({ ok: false, error: error.code ?? error.message, retryable: false });
      }
      let status;
      let body = '';
      let stream;
      try {
        stream = session.request({ ':path': '/', ':authority': host });
      } catch (error) {
        // the session closed between connect() and request(): nothing was sent, safe to retry
        this.session = undefined;
        return resolve({ ok: false, error: error.code ?? error.message, retryable: error.code === 'ERR_HTTP2_GOAWAY_SESSION' || error.code === 'ERR_HTTP2_INVALID_SESSION' });
      }
      stream.setTimeout(timeoutMs, () => stream.close(http2.constants.NGHTTP2_CANCEL));
      stream.setEncoding('utf8');
      stream.on('response', (headers) => (status = headers[':status']));
      stream.on('data', (c) => (body += c));
      stream.on('end', () => resolve({ ok: status === 200 && body.startsWith('ok'), status }));
      stream.on('error', (e) => {
        const refused = status === undefined && stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM;
        resolve({ ok: false, error: refused ? 'REFUSED_STREAM' : (e.code ?? e.message), retryable: refused });
      });
      stream.on('close', () => {
        if (stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM && status === undefined) resolve({ ok: false, error: 'REFUSED_STREAM', retryable: true });
        else if (status === undefined) resolve({ ok: false, error: `stream closed (code ${stream.rstCode})`, retryable: false });
      });
      stream.end();
    });
  }

  close() {
    this.session?.close();
  }
}

/**
 * Sends requests with `workers` concurrent workers until `done()` says stop and at least `minimum`
 * requests were sent (or `deadlineMs` passed). Returns counts of sent, ok, retried, failed and the
 * failure kinds.
 */
export async function runTraffic({ protocol, port, ca, hosts, workers = 4, minimum, done, deadlineMs = 120_000, timeoutMs = 10_000, maxRetries = 3, onResponse }) {
  const stats = { protocol, sent: 0, ok: 0, retried: 0, retriedKinds: {}, failed: 0, failures: {}, ms: 0 };
  const agent = new https.Agent({ keepAlive: true, maxSockets: workers });
  const h2 = Array.from({ length: workers }, () => new H2Client({ port, ca }));
  const started = Date.now();
  let next = 0;
  const once = (w, host) => (protocol === 'h2' ? h2[w].get({ host, timeoutMs }) : getH1({ agent, port, host, ca, timeoutMs }));
  const worker = async (w) => {
    while ((stats.sent < minimum || !done()) && Date.now() - started < deadlineMs) {
      const host = hosts[next++ % hosts.length];
      stats.sent++;
      let result = await once(w, host);
      for (let attempt = 0; !result.ok && result.retryable && attempt < maxRetries; attempt++) {
        stats.retried++;
        stats.retriedKinds[result.error] = (stats.retriedKinds[result.error] ?? 0) + 1;
        result = await once(w, host);
      }
      if (result.ok) stats.ok++;
      else {
        stats.failed++;
        const kind = result.error ?? `HTTP ${result.status}`;
        stats.failures[kind] = (stats.failures[kind] ?? 0) + 1;
      }
      onResponse?.();
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  stats.ms = Date.now() - started;
  agent.destroy();
  for (const client of h2) client.close();
  return stats;
}
