// Reads an image pull's progress stream (JSON lines). Every event is checked for an error,
// because some engines (podman's Docker API) report a failed pull only there, with status 200.
// Our own line reader rather than dockerode's followProgress, which drops a last unterminated line.
import type { Readable } from 'node:stream';
import { dockerMessage } from './dockerErrors';
import { ImagePullError } from './errors';
import type { PullProgress } from './gatewayTypes';
import { streamLines } from './logStream';

type ProgressEvent = PullProgress & { error?: string; errorDetail?: { message?: string } };

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
      onProgress?.(event);
    });
    // streamLines' own 'end' listener (registered first) delivers a last partial line before this.
    stream.on('end', () => finish());
    stream.on('close', () => finish());
    stream.on('error', (error) => finish(error));
  });
}
