/**
 * The injection-moulding machine (domain-model §1.1): bed with the hydraulic power unit, fixed platen,
 * four tie bars, moving platen driven by the clamp ram from the rear platen, ejector, operator panel with
 * its emergency stop and the stack-light pole. Tags: `imm`, `imm/clamp`, `imm/hydraulics`, `imm/panel`.
 */
import {
  AXIS_Y,
  BED,
  BED_TOP,
  CONTROL,
  FIXED_PLATEN_X,
  MOVING_PLATEN_X,
  PLATEN,
  REAR_PLATEN_X,
  STACK,
  TIE_BAR,
} from '../layout.ts';
import { CHROME, RAL, STEEL_DARK } from '../palette.ts';
import type { Bodies } from './bodies.ts';

export function buildMachine(b: Bodies): void {
  const s = b.static;
  const z = BED.z;
  // bed: frame, top rails, covers
  s.span([BED.x0, 0.06, -z], [BED.x1, BED_TOP - 0.04, z], RAL.anthracite, 'imm');
  s.span([BED.x0 - 0.02, 0, -z - 0.02], [BED.x1 + 0.02, 0.06, z + 0.02], RAL.black, 'imm');
  s.span([BED.x0, BED_TOP - 0.04, -z], [BED.x1, BED_TOP, z], RAL.lightGrey, 'imm');
  for (const side of [-1, 1]) {
    s.span(
      [-0.3, BED_TOP, side * 0.42 - 0.05],
      [1.8, BED_TOP + 0.05, side * 0.42 + 0.05],
      CHROME,
      'imm/clamp',
    );
    // service doors on the operator and rear sides
    for (let x = BED.x0 + 0.25; x < BED.x1 - 0.5; x += 0.95)
      s.span(
        [x, 0.14, side * (z + 0.005)],
        [x + 0.85, BED_TOP - 0.1, side * (z + 0.012)],
        RAL.lightGrey,
        'imm',
      );
  }
  // hydraulic power unit (rear side, under the injection unit): tank, servo pump motor, oil cooler
  s.span([-2.75, 0.08, -z - 0.22], [-1.2, 0.62, -z], RAL.skyBlue, 'imm/hydraulics');
  s.cyl(0.13, 0.42, 'x', [-2.35, 0.82, -z - 0.12], RAL.anthracite, 'imm/hydraulics');
  s.cyl(0.06, 0.5, 'x', [-1.6, 0.72, -z - 0.12], STEEL_DARK, 'imm/hydraulics');
  s.span([-1.95, 0.64, -z - 0.2], [-1.8, 0.9, -z - 0.04], RAL.aluminium, 'imm/hydraulics');

  // fixed platen, rear platen, clamp cylinder, tie bars
  const ps = PLATEN.size / 2;
  s.span(
    [FIXED_PLATEN_X[0], AXIS_Y - ps, -ps],
    [FIXED_PLATEN_X[1], AXIS_Y + ps, ps],
    RAL.skyBlue,
    'imm/clamp',
  );
  s.span(
    [FIXED_PLATEN_X[0] - 0.05, BED_TOP, -ps + 0.05],
    [FIXED_PLATEN_X[1] + 0.05, AXIS_Y - ps, ps - 0.05],
    RAL.skyBlue,
    'imm/clamp',
  );
  s.span([REAR_PLATEN_X[0], AXIS_Y - ps, -ps], [REAR_PLATEN_X[1], AXIS_Y + ps, ps], RAL.skyBlue, 'imm/clamp');
  s.span(
    [REAR_PLATEN_X[0] - 0.05, BED_TOP, -ps + 0.05],
    [REAR_PLATEN_X[1] + 0.05, AXIS_Y - ps, ps - 0.05],
    RAL.skyBlue,
    'imm/clamp',
  );
  s.cyl(0.22, 0.5, 'x', [REAR_PLATEN_X[1] + 0.25, AXIS_Y, 0], 0x1b5a8f, 'imm/clamp', { seg: 28 });
  s.cyl(0.24, 0.05, 'x', [REAR_PLATEN_X[1] + 0.5, AXIS_Y, 0], STEEL_DARK, 'imm/clamp', { seg: 28 });
  const len = TIE_BAR.x1 - TIE_BAR.x0;
  for (const dy of [-1, 1])
    for (const dz of [-1, 1]) {
      const y = AXIS_Y + dy * TIE_BAR.offset;
      const zz = dz * TIE_BAR.offset;
      s.cyl(TIE_BAR.r, len, 'x', [(TIE_BAR.x0 + TIE_BAR.x1) / 2, y, zz], CHROME, 'imm/clamp', { seg: 16 });
      for (const x of [TIE_BAR.x0 + 0.03, TIE_BAR.x1 - 0.03])
        s.cyl(0.075, 0.06, 'x', [x, y, zz], STEEL_DARK, 'imm/clamp', { seg: 6 });
    }

  // moving platen with its tie-bar bushings, the clamp ram through the rear platen, ejector housing
  const c = b.clamp;
  c.span(
    [MOVING_PLATEN_X[0], AXIS_Y - ps, -ps],
    [MOVING_PLATEN_X[1], AXIS_Y + ps, ps],
    RAL.skyBlue,
    'imm/clamp',
  );
  c.span(
    [MOVING_PLATEN_X[0] + 0.02, BED_TOP + 0.05, -ps + 0.08],
    [MOVING_PLATEN_X[1] - 0.02, AXIS_Y - ps, ps - 0.08],
    0x1b5a8f,
    'imm/clamp',
  );
  for (const dy of [-1, 1])
    for (const dz of [-1, 1])
      c.cyl(
        0.07,
        PLATEN.thick + 0.06,
        'x',
        [(MOVING_PLATEN_X[0] + MOVING_PLATEN_X[1]) / 2, AXIS_Y + dy * TIE_BAR.offset, dz * TIE_BAR.offset],
        STEEL_DARK,
        'imm/clamp',
        { seg: 12 },
      );
  c.cyl(0.1, 1.3, 'x', [MOVING_PLATEN_X[1] + 0.65, AXIS_Y, 0], CHROME, 'imm/clamp', { seg: 20 });
  c.span(
    [MOVING_PLATEN_X[1], AXIS_Y + 0.12, -0.09],
    [MOVING_PLATEN_X[1] + 0.16, AXIS_Y + 0.3, 0.09],
    STEEL_DARK,
    'imm/clamp',
  );
  // ejector: rod behind the platen with an orange collar (moves towards the parting line when ejecting)
  const e = b.ejector;
  e.cyl(0.022, 0.34, 'x', [MOVING_PLATEN_X[1] + 0.08, AXIS_Y + 0.21, 0], CHROME, 'imm/clamp', { seg: 10 });
  e.cyl(0.04, 0.04, 'x', [MOVING_PLATEN_X[1] + 0.24, AXIS_Y + 0.21, 0], RAL.orange, 'imm/clamp', { seg: 12 });

  // operator panel on its pedestal, emergency stop, stack-light pole
  s.span(
    [CONTROL.x - 0.06, 0, CONTROL.z - 0.3],
    [CONTROL.x + 0.06, CONTROL.y - 0.2, CONTROL.z - 0.22],
    RAL.anthracite,
    'imm/panel',
  );
  s.box([0.5, 0.4, 0.08], [CONTROL.x, CONTROL.y, CONTROL.z - 0.22], RAL.lightGrey, 'imm/panel', [-0.2, 0, 0]);
  s.box(
    [0.4, 0.26, 0.02],
    [CONTROL.x - 0.02, CONTROL.y + 0.04, CONTROL.z - 0.17],
    0x15222c,
    'imm/panel',
    [-0.2, 0, 0],
  );
  s.cyl(0.03, 0.03, 'z', [CONTROL.x + 0.2, CONTROL.y - 0.12, CONTROL.z - 0.16], 0xd0021b, 'imm/panel', {
    seg: 14,
  });
  s.cyl(
    0.04,
    0.01,
    'z',
    [CONTROL.x + 0.2, CONTROL.y - 0.12, CONTROL.z - 0.18],
    RAL.signalYellow,
    'imm/panel',
    { seg: 14 },
  );
  s.cyl(
    0.018,
    STACK.y0 - (AXIS_Y + ps),
    'y',
    [STACK.x, (STACK.y0 + AXIS_Y + ps) / 2, STACK.z],
    RAL.anthracite,
    'imm/panel',
    { seg: 8 },
  );
  s.cyl(0.05, 0.04, 'y', [STACK.x, STACK.y0 + 0.02, STACK.z], RAL.anthracite, 'imm/panel', { seg: 14 });
  s.cyl(0.05, 0.03, 'y', [STACK.x, STACK.y0 + 0.395, STACK.z], RAL.anthracite, 'imm/panel', { seg: 14 });
}
