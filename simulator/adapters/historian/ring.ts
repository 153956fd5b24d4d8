/**
 * The historian's bounded in-memory queue (DESIGN.md principle 8): a ring of typed arrays filled from a
 * station's `change` hook. Pushing never allocates and never blocks; when the ring is full the oldest
 * point is overwritten and counted as dropped (latest value wins for telemetry).
 */
export class PointRing {
  readonly capacity: number;
  readonly sid: Int32Array;
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly q: Uint8Array;
  private head = 0;
  private len = 0;
  /** points overwritten before they were written */
  dropped = 0;
  /** points ever pushed */
  pushed = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity: ${capacity}`);
    this.capacity = capacity;
    this.sid = new Int32Array(capacity);
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
    this.q = new Uint8Array(capacity);
  }

  get size(): number {
    return this.len;
  }

  push(sid: number, t: number, v: number, q: number): void {
    let i: number;
    if (this.len === this.capacity) {
      // full: overwrite the oldest
      i = this.head;
      this.head = (this.head + 1) % this.capacity;
      this.dropped++;
    } else {
      i = (this.head + this.len) % this.capacity;
      this.len++;
    }
    this.sid[i] = sid;
    this.t[i] = t;
    this.v[i] = v;
    this.q[i] = q;
    this.pushed++;
  }

  /** Hand every queued point, oldest first, to `fn`, and empty the ring. Returns the count. */
  drain(fn: (sid: number, t: number, v: number, q: number) => void): number {
    const n = this.len;
    let i = this.head;
    for (let k = 0; k < n; k++) {
      fn(this.sid[i]!, this.t[i]!, this.v[i]!, this.q[i]!);
      i = i + 1 === this.capacity ? 0 : i + 1;
    }
    this.head = 0;
    this.len = 0;
    return n;
  }
}
