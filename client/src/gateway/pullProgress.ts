// Reads an image pull's progress stream (JSON lines). Every event is checked for an error,
// because some engines (podman's Docker API) report a failed pull only there, with status 200.
// Our own line reader rather than dockerode's followProgress, which drops a last unterminated line.
import type { Readable } from 'node:stream';
import { dockerMessage } from './dockerErrors';
import { ImagePullError } from './errors';
import type { PullProgress } from './gatewayTypes';
import { streamLines } from './logStream';

type ProgressEvent = PullProgress & { error?: string; errorDetail?: { message?: string }; progressDetail?: { current?: number; total?: number } };

export function readPullProgress(stream: Readable, image: string, onProgress?: (event: PullProgress) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failure: string | undefined;
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error || failure) reject(new ImagePullError(image, failure ?? dockerMessage(error)));
      else resolve();
    };
    streamLines(stream, (line) => {
      let event: ProgressEvent;
      try {
        event = JSON.parse(line) as ProgressEvent;
      } catch {
        return;
      }
      const message = event.errorDetail?.message ?? event.error;
      if (message && !failure) failure = message;
      // The engine puts byte counts under progressDetail; PullProgress has them at the top.
      onProgress?.({ status: event.status, id: event.id, progress: event.progress, current: event.current ?? event.progressDetail?.current, total: event.total ?? event.progressDetail?.total });
    });
    // streamLines' own 'end' listener (registered first) delivers a last partial line before this.
    stream.on('end', () => finish());
    stream.on('close', () => finish());
    stream.on('error', (error) => finish(error));
  });
}

/** Overall percentage of an image pull from its per-layer progress events (for a progress bar). */
export class PullPercent {
  private readonly layers = new Map<string, { current: number; total: number }>();

  /** Feeds one event; returns the overall percentage (0–100) of the layers seen so far. */
  add(event: PullProgress): number {
    if (event.id && event.total && event.total > 0) {
      this.layers.set(event.id, { current: Math.min(event.current ?? 0, event.total), total: event.total });
    } else if (event.id && /^(Pull complete|Already exists|Download complete)$/.test(event.status ?? '')) {
      const layer = this.layers.get(event.id);
      if (layer) layer.current = layer.total;
    }
    let current = 0;
    let total = 0;
    for (const layer of this.layers.values()) {
      current += layer.current;
      total += layer.total;
    }
    return total ? Math.floor((current / total) * 100) : 0;
  }
}
