/**
 * The bounded outbound queue of one HMI client (DESIGN.md principle 8): telemetry is latest-value-wins
 * (a set of changed indices, at most one entry per signal, the value read when the frame is built),
 * events are lossless up to a cap; past the cap the queue is dropped and the client gets a full snapshot
 * instead (a forced resync), so nothing is ever silently lost.
 */

export interface QueuedEvent {
  readonly name: string;
  readonly payload: unknown;
}

export class ClientQueue {
  private readonly mark: Uint8Array;
  private readonly list: Int32Array;
  private count = 0;
  private events: QueuedEvent[] = [];
  private readonly eventCap: number;
  /** ticks whose changes are waiting (merged into the next frame) */
  ticks = 0;
  /** latest tick and its simulation ms among the waiting changes */
  lastTick = 0;
  lastT = 0;
  /** the queue overflowed: the client needs a snapshot */
  overflow = false;
  /** counters */
  coalesced = 0;
  dropped = 0;

  constructor(size: number, eventCap = 256) {
    this.mark = new Uint8Array(size);
    this.list = new Int32Array(size);
    this.eventCap = eventCap;
  }

  get empty(): boolean {
    return this.count === 0 && this.events.length === 0 && this.ticks === 0 && !this.overflow;
  }

  get pendingEvents(): number {
    return this.events.length;
  }

  get pendingValues(): number {
    return this.count;
  }

  /** Add the client-side indices of one tick's changes. */
  addChanges(indices: ArrayLike<number>, n: number, tick: number, t: number): void {
    if (this.overflow) return;
    for (let i = 0; i < n; i++) {
      const x = indices[i]!;
      if (this.mark[x] === 1) {
        this.coalesced++;
        continue;
      }
      this.mark[x] = 1;
      this.list[this.count++] = x;
    }
    this.ticks++;
    this.lastTick = tick;
    this.lastT = t;
  }

  /** Queue an event; false when the cap is reached (the queue is then dropped and marked for resync). */
  addEvent(name: string, payload: unknown): boolean {
    if (this.overflow) {
      this.dropped++;
      return false;
    }
    if (this.events.length >= this.eventCap) {
      this.dropped += this.events.length + 1;
      this.clear();
      this.overflow = true;
      return false;
    }
    this.events.push({ name, payload });
    return true;
  }

  /** Take everything waiting; the queue is empty afterwards. */
  take(): { indices: Int32Array; events: QueuedEvent[]; ticks: number; lastTick: number; lastT: number } {
    const indices = this.list.slice(0, this.count);
    for (let i = 0; i < this.count; i++) this.mark[this.list[i]!] = 0;
    const out = {
      indices,
      events: this.events,
      ticks: this.ticks,
      lastTick: this.lastTick,
      lastT: this.lastT,
    };
    this.count = 0;
    this.events = [];
    this.ticks = 0;
    return out;
  }

  /** Forget everything (a snapshot replaces it). */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.mark[this.list[i]!] = 0;
    this.count = 0;
    this.events = [];
    this.ticks = 0;
    this.overflow = false;
  }
}
