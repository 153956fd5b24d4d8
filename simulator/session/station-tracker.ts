/**
 * What the trainer's group overview shows of each station without reading the journal: shots counted
 * from the station's `cycleEnd` hook, the last shot's summary (its quality, mode and id, the per-cycle
 * record's documented fields, scoring/journal-model.ts `KNOWN_SHOT_FIELDS`), and the machine mode read
 * live from the mode signal of the equipment that makes the shots (an enum signal `<equipment>.mode`, found
 * in the signal registry, not named here). Nothing of it is hidden truth.
 */
import type { RegisteredSignal } from '../kernel/signal-schema.ts';
import type { Station } from '../kernel/station.ts';
import type { Lab } from './lab.ts';

export interface ShotSummary {
  /** equipment that emitted the per-cycle record */
  readonly equipment: string;
  /** simulation ms */
  readonly t: number;
  readonly shot: string | number | null;
  /** the record's `quality` (e.g. `good`), if any */
  readonly quality: string | null;
  /** the record's `cycle_quality` or `quality_reason`, if any */
  readonly detail: string | null;
  readonly mode: string | null;
}

interface PerStation {
  shots: number;
  last: ShotSummary | null;
  /** simulation ms between the last two shots */
  interval: number | null;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' ? v.slice(0, 64) : typeof v === 'boolean' ? String(v) : null;

export class StationTracker {
  private readonly per = new Map<string, PerStation>();
  private readonly off: (() => void)[] = [];

  constructor(lab: Lab) {
    for (const st of lab.stations.values()) {
      const p: PerStation = { shots: 0, last: null, interval: null };
      this.per.set(st.id, p);
      this.off.push(
        st.hooks.on(
          'cycleEnd',
          (e) => {
            const r = e.record;
            p.shots++;
            if (p.last) p.interval = e.t - p.last.t;
            const shot = r.shot_id;
            p.last = {
              equipment: e.equipment,
              t: e.t,
              shot: typeof shot === 'number' || typeof shot === 'string' ? shot : null,
              quality: str(r.quality),
              detail: str(r.cycle_quality) ?? str(r.quality_reason),
              mode: str(r.mode),
            };
          },
          { owner: 'sessions' },
        ),
      );
    }
  }

  shots(station: string): number {
    return this.per.get(station)?.shots ?? 0;
  }

  last(station: string): ShotSummary | null {
    return this.per.get(station)?.last ?? null;
  }

  /**
   * `producing` when the last shot ended less than three cycle intervals ago (at least 60 s of simulation
   * time), `stopped` after shots that stopped coming, `idle` when none came yet.
   */
  state(st: Station): 'producing' | 'stopped' | 'idle' {
    const p = this.per.get(st.id);
    if (!p?.last) return 'idle';
    const window = Math.max(60_000, 3 * (p.interval ?? 0));
    return st.clock.now - p.last.t <= window ? 'producing' : 'stopped';
  }

  /** The live machine mode: the enum `<equipment>.mode` of the shot-making equipment, else the last shot's. */
  mode(st: Station): string | null {
    const p = this.per.get(st.id);
    const eq = p?.last?.equipment;
    let sig: RegisteredSignal | undefined = eq ? st.registry.get(`${eq}.mode`) : undefined;
    if (sig?.type !== 'enum' || sig.visibility !== 'candidate') {
      sig = st.registry.signals.find(
        (s) => s.type === 'enum' && s.visibility === 'candidate' && /^[^.]+\.mode$/.test(s.key),
      );
    }
    if (sig) {
      const v = st.store.value(sig.index);
      if (typeof v === 'number') return sig.enumValues?.[v] ?? String(v);
      if (typeof v === 'string') return v;
    }
    return p?.last?.mode ?? null;
  }

  stop(): void {
    for (const f of this.off.splice(0)) f();
  }
}
