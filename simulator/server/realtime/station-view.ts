/**
 * What one class of viewer (candidates, or trainers) sees of a station, and the compact encoding of it:
 * the snapshot's key table lists the visible signals once; every delta then refers to a signal by its
 * position in that table, as flat triples `[index, value, quality]` (DESIGN.md "Data flow of one tick":
 * one batched frame per tick to each HMI client).
 *
 * Candidates never get a trainer-only signal: it has no position in their table, so its changes are
 * dropped before any frame is built (reliability-security T4/I4).
 */
import type { Role } from '../../kernel/signal-schema.ts';
import type { Station } from '../../kernel/station.ts';
import { isPrivileged } from '../../kernel/validate-write.ts';
import { visibleTo } from '../signal-view.ts';
import type { AccessLevel, DeltaFrame, WireSignalMeta, WireValue } from './wire.ts';

export type ViewerClass = 'candidate' | 'privileged';

export const classOf = (roles: readonly Role[]): ViewerClass =>
  isPrivileged(roles) ? 'privileged' : 'candidate';

const wireValue = (v: number | boolean | string): WireValue | null =>
  typeof v === 'number' && !Number.isFinite(v) ? null : v;

export class StationView {
  readonly station: Station;
  readonly cls: ViewerClass;
  /** station index → client index, −1 when invisible */
  readonly toClient: Int32Array;
  /** client index → station index */
  readonly fromClient: Int32Array;
  private readonly scratch: Int32Array;

  constructor(station: Station, cls: ViewerClass) {
    this.station = station;
    this.cls = cls;
    const roles: Role[] = cls === 'privileged' ? ['trainer'] : ['operator', 'technician'];
    const sigs = station.registry.signals;
    this.toClient = new Int32Array(sigs.length).fill(-1);
    const from: number[] = [];
    for (const s of sigs) {
      if (!visibleTo(s, roles)) continue;
      this.toClient[s.index] = from.length;
      from.push(s.index);
    }
    this.fromClient = Int32Array.from(from);
    this.scratch = new Int32Array(from.length);
  }

  get size(): number {
    return this.fromClient.length;
  }

  /** The key table for a connection acting with `roles`. */
  keys(roles: readonly Role[]): WireSignalMeta[] {
    const sigs = this.station.registry.signals;
    return Array.from(this.fromClient, (h) => {
      const s = sigs[h]!;
      const w = s.access.write;
      const writeLevel: AccessLevel | undefined = w.includes('operator')
        ? 'operator'
        : w.includes('technician')
          ? 'technician'
          : undefined;
      return {
        key: s.key,
        equipment: s.equipment,
        label: s.label,
        type: s.type,
        unit: s.unit,
        kind: s.kind,
        ...(s.range ? { range: s.range } : {}),
        ...(s.enumValues ? { enumValues: s.enumValues } : {}),
        ...(s.sigma !== undefined ? { sigma: s.sigma } : {}),
        ...(writeLevel ? { writeLevel } : {}),
        writable: roles.some((r) => w.includes(r)) || roles.includes('system'),
      };
    });
  }

  /** Current values, qualities and source timestamps in table order. */
  values(): { values: (WireValue | null)[]; quality: number[]; srcTs: number[] } {
    const st = this.station.store;
    const values: (WireValue | null)[] = [];
    const quality: number[] = [];
    const srcTs: number[] = [];
    for (const h of this.fromClient) {
      values.push(wireValue(st.value(h)));
      quality.push(st.quality[h]!);
      srcTs.push(st.srcTs[h]!);
    }
    return { values, quality, srcTs };
  }

  /**
   * Map a tick's changed station indices to client indices (dropping invisible ones). The returned array
   * is a view on a scratch buffer, valid until the next call.
   */
  map(indices: Int32Array, count: number): Int32Array {
    let n = 0;
    for (let i = 0; i < count; i++) {
      const c = this.toClient[indices[i]!]!;
      if (c >= 0) this.scratch[n++] = c;
    }
    return this.scratch.subarray(0, n);
  }

  /** Encode the current values of some client indices as one delta frame. */
  delta(clientIndices: ArrayLike<number>, tick: number, t: number, merged = 1): DeltaFrame {
    const st = this.station.store;
    const c: (number | boolean | string | null)[] = [];
    let ts: number[] | undefined;
    for (let i = 0; i < clientIndices.length; i++) {
      const x = clientIndices[i]!;
      const h = this.fromClient[x]!;
      c.push(x, wireValue(st.value(h)), st.quality[h]!);
      const src = st.srcTs[h]!;
      if (src !== t) (ts ??= []).push(x, src);
    }
    return {
      s: tick,
      t,
      c: c as DeltaFrame['c'],
      ...(ts ? { ts } : {}),
      ...(merged > 1 ? { n: merged } : {}),
    };
  }
}
