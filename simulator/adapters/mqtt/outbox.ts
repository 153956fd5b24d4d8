/**
 * The bounded outbound path of the MQTT adapter (DESIGN.md principle 8): state is latest-value-wins
 * (each signal is pending at most once, a newer change replaces the older one before it is sent), events
 * (shots, alarms, command replies, other layers' messages) are kept in order up to a cap, and at most
 * `maxInFlight` publishes are outstanding at the transport (embedded broker or external client).
 */

export interface OutMsg {
  readonly topic: string;
  readonly payload: Buffer | string;
  readonly qos: 0 | 1;
  readonly retain: boolean;
}

export interface Transport {
  /** false while an external broker is unreachable: state stays pending, events queue up to the cap */
  ready(): boolean;
  publish(msg: OutMsg, done: (err?: Error | null) => void): void;
}

/** A source of pending state messages (one per station), polled round-robin. */
export interface StateSource {
  take(): OutMsg | null;
}

export class Outbox {
  private readonly transport: Transport;
  private readonly maxInFlight: number;
  private readonly maxEvents: number;
  private events: OutMsg[] = [];
  private head = 0;
  private readonly sources: StateSource[] = [];
  private rr = 0;
  private pumping = false;
  private again = false;
  inFlight = 0;
  sent = 0;
  errors = 0;
  eventsDropped = 0;

  constructor(transport: Transport, opts: { maxInFlight?: number; maxEvents?: number } = {}) {
    this.transport = transport;
    this.maxInFlight = opts.maxInFlight ?? 256;
    this.maxEvents = opts.maxEvents ?? 10_000;
  }

  addSource(s: StateSource): void {
    this.sources.push(s);
  }

  get queuedEvents(): number {
    return this.events.length - this.head;
  }

  /** Queue an event; false (and counted) when the queue is full. */
  event(msg: OutMsg): boolean {
    if (this.queuedEvents >= this.maxEvents) {
      this.eventsDropped++;
      return false;
    }
    this.events.push(msg);
    this.pump();
    return true;
  }

  private nextState(): OutMsg | null {
    const n = this.sources.length;
    for (let k = 0; k < n; k++) {
      const s = this.sources[this.rr]!;
      this.rr = (this.rr + 1) % n;
      const m = s.take();
      if (m) return m;
    }
    return null;
  }

  /** Send what is pending, up to the in-flight limit. Re-entrant calls are folded into the running loop. */
  pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        while (this.inFlight < this.maxInFlight && this.transport.ready()) {
          let m: OutMsg | null = null;
          if (this.head < this.events.length) {
            m = this.events[this.head]!;
            this.events[this.head++] = undefined as unknown as OutMsg;
            if (this.head > 1024 && this.head * 2 > this.events.length) {
              this.events = this.events.slice(this.head);
              this.head = 0;
            }
          } else {
            m = this.nextState();
          }
          if (!m) break;
          this.inFlight++;
          this.transport.publish(m, this.done);
        }
      } while (this.again);
    } finally {
      this.pumping = false;
    }
  }

  private readonly done = (err?: Error | null): void => {
    this.inFlight--;
    if (err) this.errors++;
    else this.sent++;
    this.pump();
  };
}
