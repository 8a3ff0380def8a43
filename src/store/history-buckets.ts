/**
 * History is kept in one sorted set per UTC month, so retention is enforced by Redis itself: each
 * bucket expires `retention` after the month ends, and only the one bucket straddling the
 * retention cut-off ever needs trimming on write.
 */

const DAY_MS = 86_400_000;

export function retentionMs(days: number): number {
  return days * DAY_MS;
}

/** The bucket (`YYYYMM`, UTC) holding an instant. */
export function bucketOf(atMs: number): string {
  const d = new Date(atMs);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** First millisecond after the bucket's month. */
export function bucketEnd(bucket: string): number {
  const year = Number(bucket.slice(0, 4));
  const month = Number(bucket.slice(4, 6));
  return Date.UTC(year, month, 1);
}

/** First millisecond of the bucket's month. */
export function bucketStart(bucket: string): number {
  return Date.UTC(Number(bucket.slice(0, 4)), Number(bucket.slice(4, 6)) - 1, 1);
}

/** When a bucket's last possible entry leaves the retention window, so the whole key may go. */
export function bucketExpiry(bucket: string, retention: number): number {
  return bucketEnd(bucket) + retention;
}

/** True when a bucket may hold entries with `fromMs <= at < toMs`. */
export function bucketOverlaps(bucket: string, fromMs: number, toMs: number): boolean {
  return bucketStart(bucket) < toMs && bucketEnd(bucket) > fromMs;
}
