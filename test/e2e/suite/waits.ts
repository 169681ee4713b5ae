// Awaiting the workbench with deadlines: every wait names what it waited for when it times out.
import * as vscode from 'vscode';

/** Resolves with the first event that satisfies `accept`, or rejects after `ms`. */
export function nextEvent<T>(event: vscode.Event<T>, accept: (value: T) => boolean, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const subscription = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/**
 * Resolves with `read()` once it returns a defined value, re-reading whenever `changed` fires and
 * every 100 ms (some workbench state has no event), or rejects after `ms`.
 */
export async function until<T>(read: () => T | undefined | Promise<T | undefined>, ms: number, what: string, changed?: vscode.Event<unknown>): Promise<T> {
  const deadline = Date.now() + ms;
  let wake: () => void = () => undefined;
  const subscription = changed?.(() => wake());
  try {
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.min(100, left));
      });
    }
  } finally {
    subscription?.dispose();
  }
}
