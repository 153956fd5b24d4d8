/** Determinism (DESIGN.md principle 4), snapshot/restore, the simulate() API, the per-shot CSV. */
import { describe, expect, it } from 'vitest';
import { createCellModels } from '../../../simulator/cell/cell.ts';
import type { ImmModel } from '../../../simulator/cell/imm/imm.ts';
import { SHOT_CSV_COLUMNS, shotCsvHeader, shotToCsvRow } from '../../../simulator/cell/shot-csv.ts';
import { candidateShotRecord, DEFECT_TYPES, type ShotRecord } from '../../../simulator/cell/shot-record.ts';
import { simulate } from '../../../simulator/cell/simulate.ts';
import { Station } from '../../../simulator/kernel/station.ts';

const cell = (seed: number, hotRunner = false) =>
  new Station({ id: 'st1', seed, models: createCellModels({ hotRunner }) });

describe('determinism', () => {
  it('same seed twice → same state hash; another seed → another', () => {
    const a = cell(3);
    const b = cell(3);
    const c = cell(4);
    for (const s of [a, b, c]) s.runFor(120_000);
    expect(a.stateHash()).toBe(b.stateHash());
    expect(c.stateHash()).not.toBe(a.stateHash());
  });

  it.each([false, true])('snapshot → restore → continue gives the same hash (hot runner: %s)', (hr) => {
    const a = cell(5, hr);
    a.runFor(47_300); // mid-cycle
    const snap = structuredClone(a.snapshot());
    a.runFor(60_000);
    const b = cell(5, hr);
    b.restore(snap);
    b.runFor(60_000);
    expect(b.stateHash()).toBe(a.stateHash());
  });

  it('survives a JSON round trip of the snapshot (journal storage), also mid-fault', () => {
    const a = cell(8);
    a.model<import('../../../simulator/cell/robot.ts').RobotModel>('robot')!.faults.vacuumLeak = 1.14;
    a.runFor(22_300);
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    a.runFor(40_000);
    const b = cell(8);
    b.restore(snap);
    b.runFor(40_000);
    expect(b.stateHash()).toBe(a.stateHash());
  });

  it('faults are part of the snapshot', () => {
    const a = cell(6);
    a.model<ImmModel>('imm')!.faults.checkRing.deltaMm = 0.12;
    a.runFor(10_000);
    const snap = structuredClone(a.snapshot());
    const b = cell(6);
    b.restore(snap);
    expect(b.model<ImmModel>('imm')!.faults.checkRing.deltaMm).toBe(0.12);
  });
});

describe('simulate()', () => {
  it('runs in fast-forward and applies --set through the command API', () => {
    const shots: ShotRecord[] = [];
    const r = simulate({
      durationS: 130,
      seed: 1,
      set: { 'imm.hold_pressure_sp': 40 },
      onShot: (s) => shots.push(s),
    });
    expect(r.shots).toBe(shots.length);
    expect(r.shots).toBeGreaterThanOrEqual(6);
    expect(r.station.clock.seconds).toBeCloseTo(130, 5);
    expect(r.station.store.get(r.station.store.handle('imm.hold_pressure_sp'))).toBe(40);
    expect(shots[2]!.hold_p_avg).toBeCloseTo(40, 0);
  });

  it('throws the rejection message on an invalid --set (names the signal and the limit)', () => {
    expect(() => simulate({ durationS: 10, seed: 1, set: { 'imm.hold_pressure_sp': 400 } })).toThrow(
      'imm.hold_pressure_sp: 400 MPa is above the maximum 150 MPa',
    );
    expect(() => simulate({ durationS: 10, seed: 1, set: { 'imm.nope': 1 } })).toThrow(
      'imm.nope: unknown signal',
    );
  });

  it('accepts an enum by name and other materials', () => {
    const r = simulate({
      durationS: 60,
      seed: 2,
      material: 'PA6',
      set: { 'imm.transfer_mode': 'CAVITY_PRESSURE' },
    });
    expect(r.shots).toBeGreaterThan(1);
    expect(r.station.store.get(r.station.store.handle('imm.transfer_mode'))).toBe(3);
  });
});

describe('per-shot CSV', () => {
  it('has exactly the contract columns and one value per column', () => {
    expect(SHOT_CSV_COLUMNS).toEqual([
      'shot_id',
      't_start',
      'cycle_time',
      'fill_time',
      'hold_time',
      'cool_time',
      'dose_time',
      'peak_inj_pressure',
      'transfer_pressure',
      'cushion_end',
      'melt_T',
      'mould_T_fixed',
      'mould_T_moving',
      'weight_cav1',
      'weight_cav2',
      'cav1_gate_pmax',
      'cav2_gate_pmax',
      'dryer_dp',
      'resin_moisture',
      'energy_kwh',
      'sec',
      'quality',
      'defects',
    ]);
    const rows: string[] = [];
    simulate({
      durationS: 100,
      seed: 1,
      set: { 'imm.hold_pressure_sp': 30 },
      onShot: (s) => rows.push(shotToCsvRow(s)),
    });
    expect(shotCsvHeader().split(',')).toHaveLength(23);
    for (const row of rows) {
      const v = row.split(',');
      expect(v).toHaveLength(23);
      expect(v[21]).toMatch(/^(good|bad)$/);
      for (const d of v[22] ? v[22].split(';') : []) expect(DEFECT_TYPES).toContain(d);
      for (const i of [1, 2, 3, 9, 13]) expect(Number.isFinite(Number(v[i]))).toBe(true);
    }
    expect(rows[3]!.split(',')[22]).toContain('sink');
    expect(Number(rows[0]!.split(',')[1])).toBeLessThan(1);
  });

  it('offers a candidate view without the simulator truth', () => {
    let rec: ShotRecord | undefined;
    simulate({ durationS: 25, seed: 1, onShot: (s) => void (rec = s) });
    const c = candidateShotRecord(rec!) as Record<string, unknown>;
    expect(c.defects).toBeUndefined();
    expect(c.resin_moisture).toBeUndefined();
    expect((c.parts as Record<string, unknown>[])[0]!.defects).toBeUndefined();
    expect((c.parts as Record<string, unknown>[])[0]!.vision).toBeDefined();
    expect(c.cavity_pressure).toBeDefined();
  });
});
