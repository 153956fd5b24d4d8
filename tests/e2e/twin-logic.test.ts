/**
 * The digital twin's logic without a browser (issue 7): signal bindings over the real cell's key tables,
 * where symptoms show, condensation from process values (F24), the parts flow on the conveyor, the heat
 * scale, and the debrief markers taken from the journal. These are the pieces the Chromium suite
 * (twin.test.ts) exercises end to end; here each rule is checked on its own, fast.
 */
import { describe, expect, it } from 'vitest';
import { bind, read } from '../../hmi/twin/bindings.ts';
import { halfCondensation, mouldCondensation } from '../../hmi/twin/condensation.ts';
import { HEAT_STOPS, heatRgb, zoneDeviation } from '../../hmi/twin/heat.ts';
import { PartsFlow } from '../../hmi/twin/parts-flow.ts';
import { anchorOf, highlights } from '../../hmi/twin/symptoms.ts';
import { createCellModels } from '../../simulator/cell/cell.ts';
import { Station } from '../../simulator/kernel/station.ts';
import { StationView } from '../../simulator/server/realtime/station-view.ts';
import type { WireAlarm } from '../../simulator/server/realtime/wire.ts';
import { markerOf } from '../../simulator/server/routes/replay.ts';
import type { JournalEntry } from '../../simulator/session/journal.ts';

const station = new Station({ id: 'st1', seed: 1, models: createCellModels({}) });
const candidateKeys = new StationView(station, 'candidate').keys(['operator', 'technician']);
const trainerKeys = new StationView(station, 'privileged').keys(['trainer']);

describe('twin bindings', () => {
  it('bind every part of the scene to the real cell’s candidate signals', () => {
    const b = bind(candidateKeys);
    expect(b.cycleState?.key).toBe('imm.cycle_state');
    expect(b.mouldPosition?.key).toBe('imm.mould_position');
    expect(b.ejectorPosition?.key).toBe('imm.ejector_position');
    expect(b.zones.map((z) => z.actual.key)).toEqual([1, 2, 3, 4, 5].map((n) => `imm.zone${n}.temp_actual`));
    expect(b.zones.every((z) => z.sp?.key.endsWith('.temp_sp'))).toBe(true);
    expect([b.frontGuard?.key, b.rearGuard?.key, b.purgeGuard?.key, b.estop?.key]).toEqual([
      'imm.safety.front_guard_closed',
      'imm.safety.rear_guard_closed',
      'imm.safety.purge_guard_closed',
      'imm.safety.estop_active',
    ]);
    expect([b.robot.x?.key, b.robot.y?.key, b.robot.z?.key]).toEqual([
      'robot.axis_x.position',
      'robot.axis_y.position',
      'robot.axis_z.position',
    ]);
    expect(b.tcus.map((t) => [t.equipment, t.supply?.key, t.flow?.key])).toEqual([
      ['tcu1', 'tcu1.supply_temp', 'tcu1.flow'],
      ['tcu2', 'tcu2.supply_temp', 'tcu2.flow'],
    ]);
    expect(b.circuits.map((c) => `${c.id}:${c.half}`)).toEqual([
      'A1:fixed',
      'A2:fixed',
      'B1:moving',
      'B2:moving',
    ]);
    expect(b.cavitySensors.map((c) => c.id)).toEqual(['E1', 'G1', 'E2', 'G2']);
    // the workshop's dew point, not the dryer's
    expect(b.dewPoint?.key).toBe('ambient.dew_point');
    expect(b.dryer.dewPoint?.key).toBe('dryer.dew_point');
    expect(b.all.length).toBeGreaterThan(50);
  });

  it('never bind a trainer-only signal, even when a trainer connection offers them', () => {
    const trainerOnly = new Set(
      station.registry.signals.filter((s) => s.visibility !== 'candidate').map((s) => s.key),
    );
    expect(trainerOnly.size).toBeGreaterThan(0);
    expect(trainerKeys.some((k) => trainerOnly.has(k.key))).toBe(true);
    const bound = bind(trainerKeys).all.map((m) => m.key);
    expect(bound.filter((k) => trainerOnly.has(k))).toEqual([]);
    expect(bound.sort()).toEqual(
      bind(candidateKeys)
        .all.map((m) => m.key)
        .sort(),
    );
  });

  it('read enums by name and booleans from 0/1, as the historian stores them', () => {
    const b = bind(candidateKeys);
    const states = b.cycleState!.enumValues!;
    const values: Record<string, number | boolean> = {
      'imm.cycle_state': states.indexOf('EJECTING'),
      'imm.safety.front_guard_closed': 0,
      'robot.part_present': true,
      'imm.mould_position': 350,
    };
    const r = read(b, (k) => values[k] ?? null);
    expect(r.phase).toBe('EJECTING');
    expect(r.frontGuard).toBe(false);
    expect(r.robot.part).toBe(true);
    expect(r.mouldMm).toBe(350);
    expect(r.rearGuard).toBeNull();
  });

  it('leave a station without the cell at rest instead of failing', () => {
    const b = bind(candidateKeys.filter((k) => k.equipment === 'hopper'));
    expect(b.cycleState).toBeUndefined();
    expect(b.zones).toEqual([]);
    const r = read(b, () => null);
    expect(r.phase).toBeNull();
    expect(r.hopperLevel).toBeNull();
  });
});

describe('where symptoms show', () => {
  const guards = { front: true, rear: true, purge: true };
  const eq = ['imm', 'mould', 'robot', 'conveyor', 'tcu1', 'hotrunner'];
  const a = (equipment: string, code: string): Pick<WireAlarm, 'equipment' | 'code'> => ({ equipment, code });

  it('put each alarm on the part a technician would look at', () => {
    expect(anchorOf(a('imm', 'ZONE_DEV_2'), { guards }, eq)).toBe('imm/zone2');
    expect(anchorOf(a('imm', 'TC_OPEN_5'), { guards }, eq)).toBe('imm/zone5');
    expect(anchorOf(a('imm', 'INJ_PRESSURE_LIMIT'), { guards }, eq)).toBe('imm/injection');
    expect(anchorOf(a('imm', 'DOSE_TIMEOUT'), { guards }, eq)).toBe('imm/injection');
    expect(anchorOf(a('imm', 'OIL_TEMP_HIGH'), { guards }, eq)).toBe('imm/hydraulics');
    expect(anchorOf(a('imm', 'MOULD_PROTECT'), { guards }, eq)).toBe('imm/clamp');
    expect(anchorOf(a('imm', 'CAV_SENSOR_FAULT'), { guards }, eq)).toBe('mould');
    expect(anchorOf(a('robot', 'VACUUM_NOT_REACHED'), { guards }, eq)).toBe('robot/eoat');
    expect(anchorOf(a('robot', 'PROTECTIVE_STOP'), { guards }, eq)).toBe('robot/door');
    expect(anchorOf(a('robot', 'WAIT_CONVEYOR'), { guards }, eq)).toBe('conveyor');
    expect(anchorOf(a('conveyor', 'PHOTOEYE_BLOCKED'), { guards }, eq)).toBe('conveyor/eye');
    expect(anchorOf(a('conveyor', 'OVERLOAD'), { guards }, eq)).toBe('conveyor/motor');
    // unknown codes light their whole equipment
    expect(anchorOf(a('tcu1', 'NO_FLOW'), { guards }, eq)).toBe('tcu1');
    expect(anchorOf(a('hotrunner', 'SOMETHING'), { guards }, eq)).toBe('hotrunner');
  });

  it('point a guard alarm at the guard that is open', () => {
    expect(anchorOf(a('imm', 'GUARD_OPEN'), { guards: { ...guards, rear: false } }, eq)).toBe(
      'imm/guard-rear',
    );
    expect(anchorOf(a('imm', 'GUARD_OPEN'), { guards: { ...guards, purge: false } }, eq)).toBe(
      'imm/guard-purge',
    );
    expect(anchorOf(a('imm', 'GUARD_OPEN'), { guards }, eq)).toBe('imm/guard-front');
  });

  it('show active alarms only, the most severe first', () => {
    const base = { text: { fr: 'x', en: 'x' }, raisedAt: 0 };
    const list: WireAlarm[] = [
      {
        ...base,
        id: 1,
        code: 'HOPPER_LOW',
        equipment: 'hopper',
        severity: 'warning',
        active: true,
        acked: false,
      },
      { ...base, id: 2, code: 'ESTOP', equipment: 'imm', severity: 'critical', active: true, acked: true },
      {
        ...base,
        id: 3,
        code: 'ZONE_DEV_1',
        equipment: 'imm',
        severity: 'alarm',
        active: false,
        acked: false,
      },
    ];
    expect(highlights(list, guards, eq).map((h) => h.code)).toEqual(['ESTOP', 'HOPPER_LOW']);
  });
});

describe('condensation on the mould (F24 symptom)', () => {
  it('appears only when a surface is below the ambient dew point, more the colder it is', () => {
    expect(halfCondensation([40, 41], 18).intensity).toBe(0);
    expect(halfCondensation([18.5], 18).intensity).toBe(0);
    const light = halfCondensation([17.5], 18);
    const heavy = halfCondensation([12, 30], 18);
    expect(light.intensity).toBeGreaterThan(0);
    expect(heavy.intensity).toBeGreaterThan(light.intensity);
    expect(heavy.surface).toBe(12);
    expect(heavy.margin).toBe(6);
    expect(halfCondensation([12], null).intensity).toBe(0);
    expect(halfCondensation([null], 18).intensity).toBe(0);
  });

  it('judge each half by its own circuits, or by its mean temperature without them', () => {
    const c = mouldCondensation({
      circuits: [
        { half: 'fixed', surface: 40 },
        { half: 'moving', surface: 11 },
      ],
      mouldFixed: 40,
      mouldMoving: 11,
      dewPoint: 18,
    });
    expect(c.fixed.intensity).toBe(0);
    expect(c.moving.intensity).toBeGreaterThan(0);
    const m = mouldCondensation({ circuits: [], mouldFixed: 10, mouldMoving: 40, dewPoint: 18 });
    expect(m.fixed.intensity).toBeGreaterThan(0);
    expect(m.moving.intensity).toBe(0);
  });
});

describe('parts on the conveyor', () => {
  const b = bind(candidateKeys);
  const steps = b.robot.step!.enumValues!;
  /** readings at one instant from a few values */
  const at = (v: {
    x?: number;
    part?: boolean;
    inspected?: number;
    rejected?: number;
    speed?: number;
    run?: boolean;
  }) =>
    read(b, (k) => {
      switch (k) {
        case 'robot.axis_x.position':
          return v.x ?? 0;
        case 'robot.part_present':
          return v.part ?? false;
        case 'robot.cycle_step':
          return steps.indexOf('TRAVEL');
        case 'vision.inspected':
          return v.inspected ?? 0;
        case 'vision.rejected':
          return v.rejected ?? 0;
        case 'conveyor.speed':
          return v.speed ?? 10;
        case 'conveyor.run':
          return v.run ?? true;
        default:
          return null;
      }
    });

  it('put a shot on the belt when the robot lets it go over the belt, not in the mould', () => {
    const f = new PartsFlow({ length: 3, divertAt: 2.4 });
    f.step(0, at({ part: true, x: 0 }));
    f.step(100, at({ part: false, x: 0 })); // dropped in the mould area: not on the belt
    expect(f.parts).toHaveLength(0);
    f.step(200, at({ part: true, x: 1400 }));
    f.step(300, at({ part: false, x: 1400 }));
    expect(f.parts).toHaveLength(1);
  });

  it('carry it at the measured speed, give it its inspection verdict, and drop it in its bin', () => {
    const f = new PartsFlow({ length: 3, divertAt: 2.4 });
    let t = 0;
    f.step(t, at({ part: true, x: 1400 }));
    f.step((t += 100), at({ part: false, x: 1400 }));
    const p = f.parts[0]!;
    // 10 m/min for 6 s: 1 m along the belt
    for (let i = 0; i < 60; i++) f.step((t += 100), at({ part: false, x: 1400 }));
    expect(f.at(p)).toBeCloseTo(1, 2);
    // stopped belt: no travel
    for (let i = 0; i < 20; i++) f.step((t += 100), at({ run: false }));
    expect(f.at(p)).toBeCloseTo(1, 2);
    // an inspection comes in: a reject
    f.step((t += 100), at({ inspected: 1, rejected: 1 }));
    expect(p.verdict).toBe('REJECT');
    for (let i = 0; i < 90; i++) f.step((t += 100), at({ inspected: 1, rejected: 1 }));
    expect(f.parts).toHaveLength(0);
    expect(f.intoReject).toBe(1);
    expect(f.intoGood).toBe(0);
  });

  it('keep a verdict that came before the part for the next one placed, and rebuild the same on a replay', () => {
    const run = (stride: number) => {
      const f = new PartsFlow({ length: 3, divertAt: 2.4 });
      const seq = [
        at({ inspected: 0 }),
        at({ inspected: 1, part: true, x: 1400 }),
        at({ inspected: 1, part: false, x: 1400 }),
        ...Array.from({ length: 40 }, () => at({ inspected: 1 })),
      ];
      seq.forEach((r, i) => {
        if (i % stride === 0 || i < 3) f.step(i * 100, r);
      });
      return f;
    };
    const live = run(1);
    expect(live.parts[0]?.verdict).toBe('GOOD');
    const sparse = run(4);
    expect(sparse.parts.length).toBe(live.parts.length);
    expect(sparse.travel).toBeCloseTo(live.travel, 1);
  });
});

describe('heat colours', () => {
  it('run from cold blue to hot red, a band far off its set point said in words', () => {
    const cold = heatRgb(20);
    const hot = heatRgb(300);
    expect(cold[2]).toBeGreaterThan(cold[0]);
    expect(hot[0]).toBeGreaterThan(hot[2]);
    expect(heatRgb(null)).toEqual([0.45, 0.45, 0.45]);
    expect(HEAT_STOPS.map(([t]) => t)).toEqual([...HEAT_STOPS.map(([t]) => t)].sort((x, y) => x - y));
    expect(zoneDeviation(160, 210)).toBe(-50);
    expect(zoneDeviation(null, 210)).toBeNull();
  });
});

describe('debrief markers from the journal', () => {
  const entry = (e: Partial<JournalEntry> & Pick<JournalEntry, 'type' | 'payload'>): JournalEntry => ({
    seq: 1,
    wall: 0,
    station: 'st1',
    t: 1000,
    prev: '',
    hash: '',
    actor: { user: 'st1', roles: ['operator', 'technician'], channel: 'hmi' },
    ...e,
  });

  it('keep the candidate’s writes, actions, gestures and diagnoses', () => {
    expect(
      markerOf(
        entry({
          type: 'command',
          payload: {
            input: { kind: 'write', signal: 'imm.hold_pressure_sp', value: 50 },
            status: 'accepted',
            applied: 50,
            previous: 45,
          },
        }),
      ),
    ).toMatchObject({
      kind: 'write',
      what: 'imm.hold_pressure_sp',
      value: 50,
      previous: 45,
      status: 'accepted',
    });
    expect(
      markerOf(
        entry({
          type: 'command',
          payload: { input: { kind: 'action', action: 'act.loto_lock' }, status: 'accepted' },
        }),
      ),
    ).toMatchObject({ kind: 'gesture', what: 'act.loto_lock' });
    expect(
      markerOf(
        entry({
          type: 'command',
          payload: { input: { kind: 'action', action: 'imm.cycle_start' }, status: 'rejected' },
        }),
      ),
    ).toMatchObject({ kind: 'action', status: 'rejected' });
    expect(markerOf(entry({ type: 'diagnosis', payload: { version: 2 } }))).toMatchObject({
      kind: 'diagnosis',
      what: 'v2',
    });
  });

  it('never turn a fault action or a trainer’s command into a marker', () => {
    const trainer = { user: 'trainer', roles: ['trainer' as const], channel: 'trainer' as const };
    expect(markerOf(entry({ type: 'fault', payload: { id: 'F24' } }))).toBeUndefined();
    expect(
      markerOf(
        entry({
          type: 'command',
          actor: trainer,
          payload: { input: { kind: 'write', signal: 'x', value: 1 } },
        }),
      ),
    ).toBeUndefined();
    expect(
      markerOf(
        entry({
          type: 'command',
          actor: { user: 'sys', roles: ['operator'], channel: 'scenario' },
          payload: { input: { kind: 'action', action: 'y' } },
        }),
      ),
    ).toBeUndefined();
    expect(markerOf(entry({ type: 'view', payload: { screen: 'twin' } }))).toBeUndefined();
  });
});
