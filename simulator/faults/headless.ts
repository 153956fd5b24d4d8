/**
 * Headless fast-forward with faults (`plastlab simulate --fault F03@10m:0.8`): the station's full model
 * list (cell, fault engine, gestures), the faults scheduled through the trainer action at t = 0, one
 * ShotRecord per shot.
 */
import { createCellModels } from '../cell/cell.ts';
import type { MaterialId } from '../cell/materials.ts';
import { type EmittedShotRecord, fromEmitted, type ShotRecord } from '../cell/shot-record.ts';
import type { Actor, CommandRecord } from '../kernel/command-types.ts';
import { Station } from '../kernel/station.ts';
import { parseDuration } from '../server/duration.ts';
import type { JournalEntryInput } from '../session/journal.ts';
import { createFaultModels } from './index.ts';
import { wireStation } from './wire.ts';

/** `F03@10m`, `F03@10m:0.8`, `F01@90s:0.5:barrel.z3_heater` → a schedule request */
export interface FaultSpec {
  readonly fault: string;
  readonly atS: number;
  readonly severity?: number;
  readonly component?: string;
}

export function parseFaultSpec(text: string): FaultSpec {
  const m =
    /^(F(?:0[1-9]|1\d|2[0-5]))(?:@([0-9hms.]+))?(?::([0-9.]+))?(?::([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?))?$/.exec(
      text.trim(),
    );
  if (!m)
    throw new Error(`--fault ${text}: expected F01…F25[@time][:severity][:component], e.g. F03@10m:0.8`);
  const atS = m[2] ? parseDuration(m[2], `--fault ${text}`) / 1000 : 0;
  const severity = m[3] !== undefined ? Number(m[3]) : undefined;
  if (severity !== undefined && !(severity >= 0 && severity <= 2))
    throw new Error(`--fault ${text}: severity must be 0…2`);
  return {
    fault: m[1]!,
    atS,
    ...(severity !== undefined ? { severity } : {}),
    ...(m[4] ? { component: m[4] } : {}),
  };
}

export const HEADLESS_ACTOR: Actor = { user: 'cli', roles: ['system'], channel: 'cli' };

export interface HeadlessOptions {
  readonly durationS: number;
  readonly seed: number;
  readonly material?: MaterialId;
  readonly set?: Record<string, number | boolean | string>;
  readonly faults?: readonly FaultSpec[];
  readonly onShot?: (r: ShotRecord) => void;
  /** the trainer-side entries (fault onsets, repairs) as the lab would journal them */
  readonly onJournal?: (e: JournalEntryInput) => void;
}

export function simulateWithFaults(o: HeadlessOptions): { shots: number; station: Station } {
  const station = new Station({
    id: 'sim',
    seed: o.seed,
    models: [...createCellModels(o.material ? { material: o.material } : {}), ...createFaultModels()],
  });
  wireStation(station, (e) => o.onJournal?.(e));
  let shots = 0;
  station.hooks.on(
    'cycleEnd',
    (e) => {
      if (e.equipment !== 'imm') return;
      shots++;
      o.onShot?.(fromEmitted(e.record as unknown as EmittedShotRecord));
    },
    { owner: 'simulate' },
  );
  const recs: CommandRecord[] = [];
  const off = station.hooks.on('command', (r) => recs.push(r), { owner: 'simulate' });
  for (const [signal, value] of Object.entries(o.set ?? {})) {
    void station.submit({
      station: station.id,
      actor: HEADLESS_ACTOR,
      input: { kind: 'write', signal, value },
    });
  }
  for (const f of o.faults ?? []) {
    const args = {
      fault: f.fault,
      at_s: f.atS,
      ...(f.severity !== undefined ? { severity: f.severity } : {}),
      ...(f.component ? { component: f.component } : {}),
    };
    void station.submit({
      station: station.id,
      actor: HEADLESS_ACTOR,
      input: { kind: 'action', action: 'fault.schedule', args },
    });
  }
  station.step();
  off();
  const bad = recs.find((r) => r.status === 'rejected');
  if (bad) throw new Error(bad.rejection?.message ?? 'rejected');
  station.runTicks(Math.max(0, Math.round((o.durationS * 1000) / station.clock.tickMs) - 1));
  return { shots, station };
}
