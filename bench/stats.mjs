// Small statistics helpers for the bench: median and p95 (nearest-rank) of a sample.

export function median(values) {
  return percentile(values, 50);
}

export function p95(values) {
  return percentile(values, 95);
}

/** Nearest-rank percentile; NaN for an empty sample. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summary(values) {
  return { median: median(values), p95: p95(values), runs: values.length };
}
