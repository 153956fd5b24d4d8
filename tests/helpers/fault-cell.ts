/**
 * Test helpers for the fault engine and the gestures: a station with the cell, the fault engine and the
 * safety model, wired like the lab does (command submission, a journal recorder), commands as a candidate
 * or a trainer in fast-forward, and shot collection.
 */
import { createCellModels } from '../../simulator/cell/cell.ts';
import type { MaterialId } from '../../simulator/cell/materials.ts';
import { type EmittedShotRecord, fromEmitted, type ShotRecord } from '../../simulator/cell/shot-record.ts';
import type { FaultEngine } from '../../simulator/faults/engine.ts';
import { createFaultModels, wireStation } from '../../simulator/faults/index.ts';
import type { Actor, CommandInput, CommandRecord } from '../../simulator/kernel/command-types.ts';
import { Station } from '../../simulator/kernel/station.ts';
import type { SafetyModel } from '../../simulator/safety/safety-model.ts';
import type { JournalEntryInput } from '../../simulator/session/journal.ts';

export const CANDIDATE: Actor = {
  user: 'cand1',
  roles: ['operator', 'technician'],
  channel: 'hmi',
  station: 'st1',
};
export const TRAINER: Actor = { user: 'trainer', roles: ['trainer'], channel: 'rest' };

export interface FaultCell {
  readonly st: Station;
  readonly engine: FaultEngine;
  readonly safety: SafetyModel;
  /** what the lab would journal from the engine and the safety model */
  readonly journal: JournalEntryInput[];
  /** every command record, in order */
  readonly commands: CommandRecord[];
}

export function faultCell(
  o: { material?: MaterialId; hotRunner?: boolean; seed?: number; start?: 'production' | 'cold' } = {},
): FaultCell {
  const st = new Station({
    id: 'st1',
    seed: o.seed ?? 7,
    models: [
      ...createCellModels({
        ...(o.material ? { material: o.material } : {}),
        ...(o.hotRunner ? { hotRunner: true } : {}),
        ...(o.start ? { start: o.start } : {}),
      }),
      ...createFaultModels(),
    ],
  });
  const journal: JournalEntryInput[] = [];
  const commands: CommandRecord[] = [];
  wireStation(st, (e) => journal.push(e));
  st.hooks.on('command', (r) => commands.push(r), { owner: 'test' });
  return {
    st,
    engine: st.model<FaultEngine>('faults')!,
    safety: st.model<SafetyModel>('safety')!,
    journal,
    commands,
  };
}

const seen = new WeakMap<Station, CommandRecord[]>();
function lastRecord(st: Station, input: CommandInput): CommandRecord {
  const list = seen.get(st) ?? [];
  const r = [...list].reverse().find((x) => x.input === input);
  if (!r) throw new Error('command not applied');
  return r;
}

/** Record every command of a station (needed by `act`/`trainer` to read results synchronously). */
export function trackCommands(st: Station): void {
  if (seen.has(st)) return;
  const list: CommandRecord[] = [];
  seen.set(st, list);
  st.hooks.on('command', (r) => list.push(r), { owner: 'test-track' });
}

/** Run an action as `actor`; returns the record (status, result or rejection). */
export function action(st: Station, actor: Actor, name: string, args: unknown = {}): CommandRecord {
  trackCommands(st);
  const input: CommandInput = { kind: 'action', action: name, args };
  void st.submit({ station: st.id, actor, input });
  st.step();
  return lastRecord(st, input);
}

/** Run an action and throw with the refusal reason if it is refused. */
export function ok(st: Station, actor: Actor, name: string, args: unknown = {}): unknown {
  const r = action(st, actor, name, args);
  if (r.status !== 'accepted') throw new Error(`${name}: ${r.rejection?.message}`);
  return r.result;
}

export function write(
  st: Station,
  actor: Actor,
  signal: string,
  value: number | boolean | string,
  reason?: string,
): CommandRecord {
  trackCommands(st);
  const input: CommandInput = { kind: 'write', signal, value, ...(reason ? { reason } : {}) };
  void st.submit({ station: st.id, actor, input });
  st.step();
  return lastRecord(st, input);
}

/** Step until `n` shots are recorded (or maxS simulated seconds pass); only shots starting at/after fromS. */
export function shots(st: Station, n: number, opts: { fromS?: number; maxS?: number } = {}): ShotRecord[] {
  const out: ShotRecord[] = [];
  const off = st.hooks.on('cycleEnd', (e) => {
    if (e.equipment !== 'imm') return;
    const r = fromEmitted(e.record as unknown as EmittedShotRecord);
    if (r.t_start >= (opts.fromS ?? 0)) out.push(r);
  });
  const tMax =
    st.clock.seconds + (opts.maxS ?? Math.max(0, (opts.fromS ?? 0) - st.clock.seconds) + 40 * n + 120);
  while (out.length < n && st.clock.seconds < tMax) st.step();
  off();
  return out;
}

/** Step for a simulated duration. */
export function run(st: Station, seconds: number): void {
  st.runFor(seconds * 1000);
}

/** Step until a condition holds (or maxS passes); returns whether it held. */
export function until(st: Station, cond: () => boolean, maxS: number): boolean {
  const tMax = st.clock.seconds + maxS;
  while (!cond() && st.clock.seconds < tMax) st.step();
  return cond();
}

export const value = (st: Station, key: string): number | boolean | string =>
  st.store.value(st.store.handle(key));
export const num = (st: Station, key: string): number => st.store.get(st.store.handle(key));
