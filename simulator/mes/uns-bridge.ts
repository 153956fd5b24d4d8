/**
 * MES on the MQTT Unified Namespace (standards.md §1.10): `plastlab/<site>/<area>/<line>/<station>/mes/…`.
 *
 * Retained JSON state, republished when it changed (at most every `periodMs` of simulation time and every
 * `minWallMs` of wall time, latest value wins): `mes/order` (active job and order), `mes/counts`, `mes/oee`
 * (last hour and session), `mes/downtime` (live state, recent stops), `mes/quality` (quarantine),
 * `mes/workorders` (open work orders, plans due). Non-retained `mes/events`: one message per accepted
 * MES/ERP/GMAO/SPC action (name and result, never the author's account).
 *
 * The job-interface signals (`mes/job/…`, `mes/status/…`, `mes/kpi/…`) are published by the MQTT adapter
 * itself from the signal registry. This bridge only reads the MES state: it changes nothing.
 */
import type { Station } from '../kernel/station.ts';
import type { MesModel } from './mes/mes-model.ts';
import { oeeWindow } from './mes/oee-window.ts';
import type { Clock } from './queries/genealogy.ts';
import { compactOee, jobView, liveState, stopView } from './queries/mes-queries.ts';

/** The part of the MQTT adapter's service the bridge uses (`ctx.services.get('mqtt')`). */
export interface UnsPublisher {
  publish(
    stationId: string,
    subTopic: string,
    payload: unknown,
    opts?: { retain?: boolean; qos?: 0 | 1 },
  ): boolean;
}

const EVENT_PREFIXES = ['job.', 'production.', 'mes.', 'spc.', 'erp.', 'gmao.'];

export interface MesBridgeOptions {
  readonly stations: ReadonlyMap<string, Station>;
  readonly epochMs: number;
  /** the publisher, looked up at each publication (the MQTT adapter may start after the routes) */
  readonly publisher: () => UnsPublisher | undefined;
  readonly periodMs?: number;
  readonly minWallMs?: number;
  readonly wallClock?: () => number;
}

export interface MesBridge {
  health(): Record<string, number>;
  /** publish every station's state now (tests, reconnect) */
  flush(): void;
}

export function startMesBridge(o: MesBridgeOptions): MesBridge {
  const period = o.periodMs ?? 10_000;
  const minWall = o.minWallMs ?? 1000;
  const wall = o.wallClock ?? Date.now;
  const clock: Clock = { abs: (t) => o.epochMs + t };
  const counters = { published: 0, refused: 0, events: 0 };
  const publishers: (() => void)[] = [];
  for (const st of o.stations.values()) {
    const mes = st.model<MesModel>('mes');
    if (!mes) continue;
    let lastSim = Number.NEGATIVE_INFINITY;
    let lastWall = Number.NEGATIVE_INFINITY;
    let dirty = true;
    const send = (topic: string, payload: unknown, retain = true) => {
      const p = o.publisher();
      if (!p) return;
      if (p.publish(st.id, topic, payload, { retain, qos: retain ? 0 : 1 })) counters.published++;
      else counters.refused++;
    };
    const publishAll = () => {
      if (!o.publisher()) return;
      const now = st.clock.now;
      lastSim = now;
      lastWall = wall();
      dirty = false;
      const j = mes.s.job;
      send('mes/order', {
        at: new Date(clock.abs(now)).toISOString(),
        job: jobView(mes, clock, j),
        order: j?.mo ? (mes.erp.order(j.mo) ?? null) : null,
        lot: mes.s.currentLot,
      });
      send(
        'mes/counts',
        j ? { job: j.id, jobName: j.data.JobName, nominalParts: j.data.NominalParts, ...j.counters } : null,
      );
      const hour = oeeWindow(mes.s, Math.max(0, now - 3_600_000), now, now);
      const all = oeeWindow(mes.s, 0, now, now);
      send('mes/oee', {
        at: new Date(clock.abs(now)).toISOString(),
        lastHour: { ...compactOee(hour), losses: hour.losses },
        session: compactOee(all),
      });
      send('mes/downtime', {
        live: liveState(mes, clock, now),
        recent: mes.s.stops
          .filter((s) => s.kind !== 'micro')
          .slice(-10)
          .map((s) => stopView(clock, s, now)),
      });
      send('mes/quality', {
        heldParts: mes.s.boxes.reduce((a, b) => a + b.held, 0),
        quarantinedBoxes: mes.s.boxes.filter((b) => b.held > 0).map((b) => b.id),
        decisions: mes.s.decisions.slice(-10),
        spcAlarms: Object.values(mes.s.spc)
          .filter((c) => c.alarm)
          .map((c) => c.key),
      });
      send('mes/workorders', {
        open: mes.gmao.s.workOrders
          .filter((w) => w.status !== 'closed' && w.status !== 'cancelled')
          .map((w) => ({
            id: w.id,
            kind: w.kind,
            equipment: w.equipment,
            title: w.title,
            status: w.status,
            priority: w.priority,
          })),
        plansDue: mes.gmao.s.plans
          .filter((p) => p.notified !== 'ok')
          .map((p) => ({ id: p.id, equipment: p.equipment, status: p.notified })),
      });
    };
    publishers.push(publishAll);
    st.hooks.on(
      'command',
      (r) => {
        if (r.status !== 'accepted' || r.input.kind !== 'action') return;
        const name = r.input.action;
        if (!EVENT_PREFIXES.some((p) => name.startsWith(p))) return;
        // trainer-only actions stay hidden (hidden truth)
        if (st.action(name)?.visibility === 'trainer') return;
        dirty = true;
        counters.events++;
        send(
          'mes/events',
          { at: new Date(clock.abs(r.t)).toISOString(), t: r.t, action: name, result: r.result ?? null },
          false,
        );
      },
      { owner: 'mes-uns', priority: 20 },
    );
    st.hooks.on(
      'cycleEnd',
      () => {
        dirty = true;
      },
      { owner: 'mes-uns', priority: 20 },
    );
    st.hooks.on(
      'tick',
      ({ t }) => {
        if (t - lastSim < period || wall() - lastWall < minWall) return;
        if (dirty || t - lastSim >= 6 * period) publishAll();
      },
      { owner: 'mes-uns', priority: 20 },
    );
  }
  return {
    health: () => ({ ...counters }),
    flush: () => {
      for (const p of publishers) p();
    },
  };
}
