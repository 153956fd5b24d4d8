/**
 * The injection unit on its carriage (domain-model §1.1, §3.1, §3.8): nozzle, barrel, feed throat (water
 * cooled), injection cylinder and hydraulic motor, the hopper with its sight glass and the gravimetric
 * blender on top, and a screw-position gauge (cursor ×5 along a scale: the real stroke is under 0.1 m).
 * Heater bands are instanced apart so each takes its measured temperature's colour.
 * Tags: `imm/injection`, `hopper`, `blender`.
 */
import { AXIS_Y, BARREL, FEED_X, HOPPER, NOZZLE_X } from '../layout.ts';
import { CHROME, RAL, STEEL, STEEL_DARK, WATER } from '../palette.ts';
import type { Bodies } from './bodies.ts';

/** screw gauge: where the cursor is for a screw position (mm), and the scale's extent */
export const SCREW_GAUGE = { x0: -1.9, gain: 5, y: AXIS_Y + 0.24, z: 0.27, maxMm: 120 } as const;
export const screwGaugeX = (mm: number): number => SCREW_GAUGE.x0 - (SCREW_GAUGE.gain * mm) / 1000;
/** hopper sight glass: fill box from y0 to y1 on the operator side */
export const SIGHT = {
  x: HOPPER.x,
  y0: HOPPER.y0 + 0.3,
  y1: HOPPER.y1 - 0.06,
  z: HOPPER.r + 0.012,
  w: 0.06,
} as const;

export function buildInjection(b: Bodies): void {
  const c = b.carriage;
  const tag = 'imm/injection';
  // nozzle and barrel
  c.cyl(0.034, 0.1, 'x', [NOZZLE_X - 0.05, AXIS_Y, 0], STEEL, tag, { r2: 0.018, seg: 16 });
  c.cyl(0.036, 0.06, 'x', [NOZZLE_X - 0.13, AXIS_Y, 0], STEEL_DARK, tag, { seg: 16 });
  c.cyl(BARREL.r, BARREL.x1 - BARREL.x0, 'x', [(BARREL.x0 + BARREL.x1) / 2, AXIS_Y, 0], STEEL_DARK, tag, {
    seg: 24,
  });
  // feed throat with its cooling water connectors
  c.span([FEED_X - 0.1, AXIS_Y - 0.12, -0.13], [FEED_X + 0.1, AXIS_Y + 0.14, 0.13], STEEL, tag);
  c.cyl(0.012, 0.06, 'z', [FEED_X - 0.05, AXIS_Y - 0.04, 0.15], WATER, tag, { seg: 8 });
  c.cyl(0.012, 0.06, 'z', [FEED_X + 0.05, AXIS_Y - 0.04, 0.15], WATER, tag, { seg: 8 });
  // injection cylinder housing, hydraulic motor, carriage cylinders towards the fixed platen
  c.span([-2.58, AXIS_Y - 0.22, -0.27], [-1.79, AXIS_Y + 0.2, 0.27], RAL.skyBlue, tag);
  c.span([-2.6, BED_SHOE, -0.3], [-1.5, AXIS_Y - 0.2, 0.3], 0x1b5a8f, tag);
  c.cyl(0.15, 0.38, 'x', [-2.78, AXIS_Y, 0], RAL.anthracite, tag, { seg: 24 });
  c.cyl(0.1, 0.05, 'x', [-2.99, AXIS_Y, 0], STEEL_DARK, tag, { seg: 20 });
  for (const z of [-0.3, 0.3]) c.cyl(0.03, 1.45, 'x', [-1.05, AXIS_Y - 0.1, z], CHROME, tag, { seg: 10 });
  // screw gauge: scale on the operator side of the housing (the cursor is its own body)
  c.span(
    [screwGaugeX(SCREW_GAUGE.maxMm), SCREW_GAUGE.y - 0.012, SCREW_GAUGE.z],
    [SCREW_GAUGE.x0 + 0.01, SCREW_GAUGE.y + 0.012, SCREW_GAUGE.z + 0.01],
    RAL.white,
    tag,
  );
  for (let mm = 0; mm <= SCREW_GAUGE.maxMm; mm += 20)
    c.span(
      [screwGaugeX(mm) - 0.003, SCREW_GAUGE.y - 0.02, SCREW_GAUGE.z + 0.01],
      [screwGaugeX(mm) + 0.003, SCREW_GAUGE.y + 0.02, SCREW_GAUGE.z + 0.014],
      RAL.black,
      tag,
    );
  b.screw.span(
    [SCREW_GAUGE.x0 - 0.008, SCREW_GAUGE.y - 0.035, SCREW_GAUGE.z + 0.01],
    [SCREW_GAUGE.x0 + 0.008, SCREW_GAUGE.y + 0.035, SCREW_GAUGE.z + 0.03],
    RAL.orange,
    tag,
  );

  // hopper: cone into the throat, cylinder, lid; sight glass frame on the operator side
  const hop = 'hopper';
  const coneH = 0.25;
  c.cyl(0.07, coneH, 'y', [HOPPER.x, HOPPER.y0 + coneH / 2, 0], RAL.aluminium, hop, {
    r2: HOPPER.r,
    seg: 28,
  });
  c.cyl(
    HOPPER.r,
    HOPPER.y1 - HOPPER.y0 - coneH,
    'y',
    [HOPPER.x, (HOPPER.y0 + coneH + HOPPER.y1) / 2, 0],
    RAL.aluminium,
    hop,
    { seg: 28 },
  );
  c.cyl(HOPPER.r + 0.01, 0.03, 'y', [HOPPER.x, HOPPER.y1 + 0.015, 0], STEEL_DARK, hop, { seg: 28 });
  c.span(
    [SIGHT.x - SIGHT.w / 2 - 0.012, SIGHT.y0 - 0.012, SIGHT.z - 0.012],
    [SIGHT.x + SIGHT.w / 2 + 0.012, SIGHT.y1 + 0.012, SIGHT.z - 0.004],
    RAL.black,
    hop,
  );
  c.span(
    [SIGHT.x - SIGHT.w / 2, SIGHT.y0, SIGHT.z - 0.006],
    [SIGHT.x + SIGHT.w / 2, SIGHT.y1, SIGHT.z - 0.003],
    0xdfe6ea,
    hop,
  );
  // gravimetric blender on the hopper lid: weigh bin and three dosing hoppers
  const bl = 'blender';
  const yb = HOPPER.y1 + 0.03;
  c.span([HOPPER.x - 0.2, yb, -0.2], [HOPPER.x + 0.2, yb + 0.26, 0.2], RAL.lightGrey, bl);
  for (const [dx, dz, r] of [
    [-0.1, -0.1, 0.09],
    [0.1, -0.1, 0.07],
    [0, 0.11, 0.05],
  ] as const)
    c.cyl(r, 0.22, 'y', [HOPPER.x + dx, yb + 0.37, dz], RAL.aluminium, bl, { seg: 18 });
}

const BED_SHOE = 0.84;
