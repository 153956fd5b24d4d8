/**
 * The HMI's per-lab services, created once per lab and shared by the socket.io server and the `hmi-*`
 * REST routes: the alarm book of each station (which also registers the `alarm.ack` action), a bounded
 * ring of each station's discrete events, and the diagnosis book.
 */
import type { Server as HttpServer } from 'node:http';
import type { StationEvent } from '../../kernel/model.ts';
import { AlarmBook } from '../../session/alarms.ts';
import { DiagnosisBook } from '../../session/diagnosis.ts';
import type { Lab } from '../../session/lab.ts';
import type { AppContext } from '../app.ts';
import { candidateEventData } from './sanitize.ts';
import type { WireEvent } from './wire.ts';

export class EventRing {
  private readonly items: WireEvent[] = [];
  private readonly cap: number;
  constructor(cap = 500) {
    this.cap = cap;
  }
  push(e: WireEvent): void {
    this.items.push(e);
    if (this.items.length > this.cap) this.items.splice(0, this.items.length - this.cap);
  }
  list(): readonly WireEvent[] {
    return this.items;
  }
}

/** A station event as a candidate may see it. */
export function wireEvent(e: StationEvent): WireEvent {
  const data = candidateEventData(e.data);
  return { type: e.type.slice(0, 64), equipment: e.equipment, t: e.t, ...(data ? { data } : {}) };
}

export interface HmiServices {
  readonly alarms: ReadonlyMap<string, AlarmBook>;
  readonly events: ReadonlyMap<string, EventRing>;
  readonly diagnosis: DiagnosisBook;
}

const perLab = new WeakMap<Lab, HmiServices>();

export function hmiServices(lab: Lab): HmiServices {
  let s = perLab.get(lab);
  if (s) return s;
  const alarms = new Map<string, AlarmBook>();
  const events = new Map<string, EventRing>();
  for (const [id, st] of lab.stations) {
    alarms.set(id, new AlarmBook(st));
    const ring = new EventRing();
    st.hooks.on('event', (e) => ring.push(wireEvent(e)), { owner: 'hmi-events' });
    events.set(id, ring);
  }
  s = { alarms, events, diagnosis: new DiagnosisBook(lab.journal) };
  perLab.set(lab, s);
  return s;
}

/**
 * The HTTP server of an app context. `AppContext` does not carry it, so the `hmi` route plugin (which
 * sees the Fastify instance) registers it here and `attachRealtime(ctx)` finds it.
 */
const servers = new WeakMap<AppContext, HttpServer>();
export const registerHttpServer = (ctx: AppContext, server: HttpServer): void => {
  servers.set(ctx, server);
};
export const httpServerOf = (ctx: AppContext): HttpServer | undefined => servers.get(ctx);
