/**
 * The fault engine itself: the catalogue as data (consistent with the taxonomy and the maintenance
 * table), validation with reasons, onset profiles (step, ramp, intermittent windows, per-shot Bernoulli
 * from its own stream), several faults at once, clear back to nominal, scheduling, determinism across
 * snapshot/restore, and no trace on the station's candidate-facing hooks.
 */
import { describe, expect, it } from 'vitest';
import { nominalImmFaults, nominalMouldFaults } from '../../../simulator/cell/fault-surface.ts';
import { CATALOGUE } from '../../../simulator/faults/catalogue/index.ts';
import { resolveComponent } from '../../../simulator/faults/engine.ts';
import { DIAG_RULES, REPAIR_RULES } from '../../../simulator/faults/maintenance-table.ts';
import { profileFactor } from '../../../simulator/faults/profile.ts';
import { TAXONOMY } from '../../../simulator/session/taxonomy.ts';
import { action, CANDIDATE, faultCell, ok, run, shots, TRAINER } from '../../helpers/fault-cell.ts';

const COMPONENTS = new Set([
  ...TAXONOMY.map((e) => e.id),
  ...TAXONOMY.flatMap((e) => e.components.map((c) => `${e.id}.${c.id}`)),
]);
const reason = (r: ReturnType<typeof action>) => r.rejection?.message ?? '';

describe('the catalogue as data', () => {
  it('holds F01…F25, each with taxonomy components, valid defaults, time constants and a repair and a measurement', () => {
    expect(CATALOGUE.map((f) => f.id)).toEqual(
      Array.from({ length: 25 }, (_, i) => `F${String(i + 1).padStart(2, '0')}`),
    );
    for (const f of CATALOGUE) {
      expect(f.components.length, f.id).toBeGreaterThan(0);
      for (const c of f.components) expect(COMPONENTS.has(c.id), `${f.id} ${c.id}`).toBe(true);
      expect(
        f.components.map((c) => c.id),
        f.id,
      ).toContain(f.defaultComponent);
      expect(f.variants, f.id).toContain(f.defaultVariant);
      expect(f.severity.min <= f.severity.default && f.severity.default <= f.severity.max, f.id).toBe(true);
      expect(f.time.real && f.time.exam && f.time.signatureS > 0, f.id).toBeTruthy();
      for (const c of f.components) {
        const inst = { component: c.id };
        // every repair step is a known component with an operation the maintenance table offers
        for (const alt of f.repairs) {
          for (const s of alt.steps) {
            const comp = resolveComponent(s.component, inst);
            if (s.ops.includes('swap') || s.ops.includes('restore_dataset')) continue;
            expect(COMPONENTS.has(comp), `${f.id} ${comp}`).toBe(true);
            expect(
              s.ops.some((op) => REPAIR_RULES.some((r) => r.match.test(comp) && r.ops.includes(op))),
              `${f.id} ${comp} ${s.ops}`,
            ).toBe(true);
          }
        }
      }
      // a confirming measurement exists for the default component (F15, F16: the vacuum test and the EOAT
      // inspection gestures instead)
      if (f.id !== 'F15' && f.id !== 'F16')
        expect(
          DIAG_RULES.some((r) => r.match.test(f.defaultComponent)),
          f.id,
        ).toBe(true);
    }
  });
});

describe('trainer actions', () => {
  it('validates injections with the field and the limit named', () => {
    const { st } = faultCell();
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { fault: 'F01', component: 'barrel.z9_heater' },
        /component: "barrel\.z9_heater" is not a component of F01/,
      ],
      [{ fault: 'F01', variant: 'melted' }, /variant: "melted" is not a variant of F01/],
      [{ fault: 'F05', component: 'tcu_moving.pump', variant: 'valve_stuck_open' }, /does not fit component/],
      [{ fault: 'F04', params: { flow_lpm: 20 } }, /params\.flow_lpm: 20 is outside 0…8/],
      [{ fault: 'F04', params: { colour: 'red' } }, /F04 has no such parameter/],
      [{ fault: 'F01', severity: 1.5 }, /severity: 1\.5 is outside 0…1/],
      [{ fault: 'F19' }, /no "?hot.?runner/],
      [{ fault: 'F06' }, /not hygroscopic/],
    ];
    for (const [args, re] of cases) expect(reason(action(st, TRAINER, 'fault.inject', args))).toMatch(re);
    expect(action(st, TRAINER, 'fault.inject', { fault: 'F26' }).rejection?.code).toBe('invalid_args');
    // a candidate does not even see the action
    expect(action(st, CANDIDATE, 'fault.inject', { fault: 'F01' }).rejection).toMatchObject({
      code: 'unknown_action',
    });
  });

  it('resolves the component from the variant and the variant from the component', () => {
    const { st } = faultCell();
    expect(ok(st, TRAINER, 'fault.inject', { fault: 'F05', variant: 'pump_stop' })).toMatchObject({
      component: 'tcu_moving.pump',
    });
    expect(ok(st, TRAINER, 'fault.inject', { fault: 'F05', component: 'tcu_fixed.heater' })).toMatchObject({
      variant: 'heater_stuck_on',
    });
    expect(ok(st, TRAINER, 'fault.inject', { fault: 'F11', variant: 'heater' })).toMatchObject({
      component: 'barrel.nozzle_heater',
    });
  });

  it('applies several faults at once and clears one back to nominal, leaving the other', () => {
    const { st, engine } = faultCell();
    ok(st, TRAINER, 'fault.inject', { fault: 'F01', id: 'a' });
    ok(st, TRAINER, 'fault.inject', { fault: 'F04', id: 'b' });
    ok(st, TRAINER, 'fault.inject', { fault: 'F02', id: 'c', profile: { kind: 'step' } });
    run(st, 1);
    const imm = engine.cell.imm!;
    expect(imm.faults.heaterHealth[1]).toBe(0);
    expect(imm.faults.tcDriftK[2]).toBe(-20);
    expect(engine.cell.mould!.faults.circuitFlowFactor[3]).toBeCloseTo(0.1, 6);
    expect(ok(st, TRAINER, 'fault.clear', { fault: 'F01' })).toEqual({ cleared: ['a'] });
    run(st, 1);
    expect(imm.faults.heaterHealth).toEqual([1, 1, 1, 1, 1]);
    expect(engine.cell.mould!.faults.circuitFlowFactor[3]).toBeCloseTo(0.1, 6);
    ok(st, TRAINER, 'fault.clear', { all: true });
    run(st, 1);
    expect(imm.faults).toEqual(nominalImmFaults());
    expect(engine.cell.mould!.faults).toEqual(nominalMouldFaults());
    expect(reason(action(st, TRAINER, 'fault.clear', { all: true }))).toMatch(/no active or scheduled fault/);
  });

  it('lists the instances for the trainer, with levels, states and who ended them', () => {
    const { st } = faultCell();
    ok(st, TRAINER, 'fault.inject', { fault: 'F03', id: 'ring' });
    run(st, 900);
    const list = ok(st, TRAINER, 'fault.list') as { faults: { id: string; level: number; state: string }[] };
    expect(list.faults[0]).toMatchObject({ id: 'ring', state: 'active' });
    expect(list.faults[0]!.level).toBeCloseTo(0.5, 1);
    ok(st, TRAINER, 'fault.clear', { id: 'ring' });
    const after = ok(st, TRAINER, 'fault.list', { all: true }) as {
      faults: { state: string; ended_by: string }[];
    };
    expect(after.faults[0]).toMatchObject({ state: 'cleared', ended_by: 'trainer' });
    expect((ok(st, TRAINER, 'fault.list', { all: false }) as { faults: unknown[] }).faults).toEqual([]);
  });

  it('schedules at a station time: schedule entry now, inject entry at the onset; a cancelled one never starts', () => {
    const { st, journal, engine } = faultCell();
    ok(st, TRAINER, 'fault.schedule', { fault: 'F12', id: 'vents', in_s: 60 });
    ok(st, TRAINER, 'fault.schedule', { fault: 'F17', id: 'led', at_s: 120 });
    ok(st, TRAINER, 'fault.clear', { id: 'led' });
    run(st, 59);
    expect(engine.cell.imm!.faults.ventClog).toBe(0);
    run(st, 80);
    expect(engine.cell.imm!.faults.ventClog).toBeGreaterThan(0);
    expect(engine.cell.vision!.faults.brightnessGain).toBe(1);
    const actions = journal
      .filter((e) => e.type === 'fault')
      .map((e) => `${(e.payload as { id: string }).id}:${(e.payload as { action: string }).action}`);
    expect(actions).toEqual(['vents:schedule', 'led:schedule', 'led:cancel', 'vents:inject']);
    const inject = journal.find((e) => (e.payload as { action?: string }).action === 'inject')!;
    expect((inject.payload as { onset_t: number }).onset_t).toBe(inject.t);
  });
});

describe('onset profiles', () => {
  it('step, ramp and intermittent windows with a persistent phase', () => {
    expect(profileFactor({ kind: 'step' }, 10, 20)).toBe(0);
    expect(profileFactor({ kind: 'step' }, 20, 20)).toBe(1);
    expect(profileFactor({ kind: 'ramp', duration_s: 100 }, 45, 20)).toBeCloseTo(0.25, 9);
    expect(profileFactor({ kind: 'ramp', duration_s: 100 }, 500, 20)).toBe(1);
    const p = { kind: 'intermittent', on_s: 10, off_s: 20, persistent_after_s: 100 } as const;
    expect([5, 15, 35, 55, 95, 101].map((t) => profileFactor(p, t, 0))).toEqual([1, 0, 1, 0, 1, 1]);
    expect(profileFactor(p, 85, 0)).toBe(0);
  });

  it('draws an intermittent fault per shot from the engine’s own seeded stream', () => {
    const runIt = (seed: number) => {
      const c = faultCell({ seed });
      ok(c.st, TRAINER, 'fault.inject', {
        fault: 'F14',
        variant: 'flat_line',
        profile: { kind: 'intermittent', on_s: 1e6, off_s: 1 },
        params: { p: 0.5, per: 'shot' },
      });
      return shots(c.st, 30).map((r) => (r.cavity_pressure[0]!.pmax < 1 ? 1 : 0));
    };
    const a = runIt(3);
    expect(a.reduce((x: number, y) => x + y, 0)).toBeGreaterThan(5);
    expect(a.reduce((x: number, y) => x + y, 0)).toBeLessThan(25);
    expect(runIt(3)).toEqual(a);
  });
});

describe('determinism and hidden truth', () => {
  it('same seed and commands give the same state; snapshot + restore resumes exactly', () => {
    const go = () => {
      const c = faultCell({ seed: 11 });
      ok(c.st, TRAINER, 'fault.inject', { fault: 'F25' });
      ok(c.st, TRAINER, 'fault.inject', { fault: 'F03', profile: { kind: 'ramp', duration_s: 300 } });
      run(c.st, 400);
      return c;
    };
    const a = go();
    const b = go();
    expect(a.st.stateHash()).toBe(b.st.stateHash());
    const snap = a.st.snapshot();
    run(a.st, 300);
    const r = faultCell({ seed: 11 });
    r.st.restore(structuredClone(snap));
    run(r.st, 300);
    expect(r.st.stateHash()).toBe(a.st.stateHash());
  });

  it('puts nothing on the station’s event or alarm hooks (adapters forward those to candidates)', () => {
    const { st } = faultCell();
    const seen: string[] = [];
    st.hooks.on('event', (e) => seen.push(`event ${e.equipment}`));
    st.hooks.on('alarm', (a) => seen.push(`alarm ${a.equipment}`));
    ok(st, TRAINER, 'fault.inject', { fault: 'F22' });
    ok(st, TRAINER, 'fault.schedule', { fault: 'F09', in_s: 5 });
    run(st, 30);
    ok(st, TRAINER, 'fault.clear', { all: true });
    run(st, 5);
    expect(seen.filter((s) => s.endsWith(' faults'))).toEqual([]);
    expect(st.registry.signals.some((s) => s.equipment === 'faults')).toBe(false);
  });
});
