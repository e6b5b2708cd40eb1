/**
 * The buffers behind `Features` (`features.ts`): grown on demand and reused, so that extracting the
 * features of a message allocates nothing per feature. One message at a time: `startMessage`, then
 * `add`/`addOnce`, then `featureViews` (views valid until the next `startMessage`).
 */
let bucketBuffer = new Int32Array(1024);
let valueBuffer = new Float64Array(1024);
let originBuffer = new Int32Array(1024);
let count = 0;

// Which buckets the current message has used: a byte per bucket holding the message's stamp (1–255),
// cleared once every 255 messages rather than after each (small enough to stay in cache).
let seenBits = 0;
let seen = new Uint8Array(0);
let stamp = 0;

export function startMessage(bucketBits: number): void {
  count = 0;
  if (bucketBits !== seenBits) {
    seen = new Uint8Array(1 << bucketBits);
    seenBits = bucketBits;
    stamp = 0;
  }
  stamp = stamp === 255 ? 1 : stamp + 1;
  if (stamp === 1) seen.fill(0);
}

export function add(bucket: number, value: number, origin: number): void {
  if (count === bucketBuffer.length) {
    const grow = <T extends Int32Array | Float64Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    bucketBuffer = grow(bucketBuffer, new Int32Array(count * 2));
    valueBuffer = grow(valueBuffer, new Float64Array(count * 2));
    originBuffer = grow(originBuffer, new Int32Array(count * 2));
  }
  bucketBuffer[count] = bucket;
  valueBuffer[count] = value;
  originBuffer[count] = origin;
  count++;
}

/** A binary feature: a bucket the message already used is not added again. */
export function addOnce(bucket: number, origin: number): void {
  if (seen[bucket] === stamp) return;
  seen[bucket] = stamp;
  add(bucket, 1, origin);
}

export const featureCount = () => count;

/** Scales the features from `from` to the current end so that the group has unit length (times `scale`). */
export function scaleFrom(from: number, scale: number): void {
  const n = count - from;
  if (n === 0) return;
  const factor = scale / Math.sqrt(n);
  for (let i = from; i < count; i++) valueBuffer[i]! *= factor;
}

export function featureViews() {
  return {
    buckets: bucketBuffer.subarray(0, count),
    values: valueBuffer.subarray(0, count),
    origins: originBuffer.subarray(0, count),
  };
}
