/**
 * The 2-cavity mould (domain-model §1.1): the fixed half (circuits A1, A2, fed by TCU 1) on the fixed
 * platen, the moving half (B1, B2, TCU 2) on the moving platen, cavity imprints and cores, water
 * connectors, and the sensor markers a technician reads: one surface-temperature sensor per circuit and
 * two cavity-pressure sensors per cavity (near the gate, end of flow). Tags: `mould`, `mould/sensors`.
 */
import type { Bindings } from '../bindings.ts';
import { AXIS_Y, CAVITY_Y, FIXED_PLATEN_X, MOULD, PART, PARTING_X } from '../layout.ts';
import { HOSE_RETURN, HOSE_SUPPLY, RAL, STEEL, STEEL_DARK } from '../palette.ts';
import type { Bodies } from './bodies.ts';

export interface SensorSpot {
  /** `A1`… surface temperature, `G1`/`E1`… cavity pressure at the gate / end of flow */
  readonly id: string;
  readonly half: 'fixed' | 'moving';
  /** position when the mould is closed */
  readonly at: readonly [number, number, number];
}

/** Where each sensor sits: circuits on the top and rear faces, pressure sensors beside each cavity. */
export function sensorSpots(b: Bindings): SensorSpot[] {
  const out: SensorSpot[] = [];
  const top = AXIS_Y + MOULD.h / 2;
  b.circuits.forEach((c) => {
    const same = b.circuits.filter((x) => x.half === c.half);
    const k = same.indexOf(c);
    const x = c.half === 'fixed' ? FIXED_PLATEN_X[1] + MOULD.half * 0.55 : PARTING_X + MOULD.half * 0.45;
    out.push({
      id: c.id,
      half: c.half,
      at: [x, top + 0.012, -0.15 + (0.3 * (k + 0.5)) / Math.max(1, same.length)],
    });
  });
  for (const s of b.cavitySensors) {
    const y = CAVITY_Y[(s.cavity - 1) % 2]!;
    // gate sensors next to the runner (towards the axis), end-of-flow sensors at the far side
    const dy = (y > AXIS_Y ? 1 : -1) * (s.position === 'gate' ? -0.038 : 0.038);
    out.push({
      id: s.id,
      half: 'fixed',
      at: [PARTING_X + 0.003, y + dy, s.position === 'gate' ? 0.012 : -0.012],
    });
  }
  return out;
}

export function buildMould(bodies: Bodies, spots: readonly SensorSpot[]): void {
  const s = bodies.static;
  const c = bodies.clamp;
  const h = MOULD.h / 2;
  const w = MOULD.w / 2;
  const x0 = FIXED_PLATEN_X[1];
  // fixed half: clamping plate, cavity plate, cavities (recesses shown as dark discs), runner, guide pillars
  s.span([x0, AXIS_Y - h - 0.05, -w - 0.05], [x0 + 0.035, AXIS_Y + h + 0.05, w + 0.05], STEEL_DARK, 'mould');
  s.span([x0 + 0.035, AXIS_Y - h, -w], [PARTING_X, AXIS_Y + h, w], STEEL, 'mould');
  for (const y of CAVITY_Y)
    s.cyl(PART.d / 2 + 0.004, 0.003, 'x', [PARTING_X + 0.001, y, 0], 0x4a5257, 'mould', { seg: 28 });
  s.span(
    [PARTING_X - 0.001, CAVITY_Y[1], -0.006],
    [PARTING_X + 0.002, CAVITY_Y[0], 0.006],
    0x4a5257,
    'mould',
  );
  for (const dy of [-1, 1])
    for (const dz of [-1, 1])
      s.cyl(
        0.018,
        0.1,
        'x',
        [PARTING_X + 0.04, AXIS_Y + dy * (h - 0.04), dz * (w - 0.04)],
        0xb8c2c8,
        'mould',
        { seg: 10 },
      );
  // moving half: cavity plate with cores, clamping plate
  const m0 = PARTING_X;
  const m1 = PARTING_X + MOULD.half;
  c.span([m0, AXIS_Y - h, -w], [m1 - 0.035, AXIS_Y + h, w], 0x98a3aa, 'mould');
  c.span([m1 - 0.035, AXIS_Y - h - 0.05, -w - 0.05], [m1, AXIS_Y + h + 0.05, w + 0.05], STEEL_DARK, 'mould');
  for (const y of CAVITY_Y)
    c.cyl(PART.d / 2 - 0.003, 0.008, 'x', [m0 - 0.002, y, 0], 0xaeb8be, 'mould', { seg: 28 });
  for (const dy of [-1, 1])
    for (const dz of [-1, 1])
      c.cyl(0.026, 0.02, 'x', [m0 + 0.01, AXIS_Y + dy * (h - 0.04), dz * (w - 0.04)], STEEL_DARK, 'mould', {
        seg: 10,
      });
  // water connectors on the rear face (supply blue, return red), two circuits per half
  for (const [body, xc] of [
    [s, (x0 + PARTING_X) / 2],
    [c, (m0 + m1) / 2],
  ] as const) {
    for (const [k, col] of [
      [-1, HOSE_SUPPLY],
      [1, HOSE_RETURN],
    ] as const)
      for (const yy of [AXIS_Y - 0.12, AXIS_Y + 0.12])
        body.cyl(0.012, 0.05, 'z', [xc + k * 0.04, yy, -w - 0.025], col, 'mould', { seg: 8 });
  }
  // sensors: a yellow body with a black cable gland, tagged for picking and labels
  for (const sp of spots) {
    const body = sp.half === 'fixed' ? s : c;
    const [x, y, z] = sp.at;
    const onTop = y > AXIS_Y + h;
    if (onTop) {
      body.cyl(0.011, 0.022, 'y', [x, y, z], RAL.signalYellow, 'mould/sensors', { seg: 10 });
      body.cyl(0.006, 0.02, 'y', [x, y + 0.02, z], RAL.black, 'mould/sensors', { seg: 8 });
    } else {
      body.cyl(0.009, 0.004, 'x', [x, y, z], RAL.signalYellow, 'mould/sensors', { seg: 12 });
      body.cyl(0.004, 0.005, 'x', [x + 0.002, y, z], RAL.black, 'mould/sensors', { seg: 8 });
    }
  }
}
