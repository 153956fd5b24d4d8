/**
 * The cartesian take-out robot (domain-model §3.13): a post on the fixed platen carrying the X beam
 * towards the conveyor, the X carriage, the Z slide (approach to the moving half), the Y arm (descent)
 * and the vacuum end-of-arm tooling with one cup per cavity. Bodies are built at the home position
 * (all axes at 0) and moved by the scene. Tags: `robot`, `robot/eoat`.
 */
import { AXIS_Y, CAVITY_Y, FIXED_PLATEN_X, PLATEN, ROBOT } from '../layout.ts';
import { CHROME, RAL, STEEL_DARK } from '../palette.ts';
import type { Bodies } from './bodies.ts';

export function buildRobot(b: Bodies): void {
  const s = b.static;
  const top = AXIS_Y + PLATEN.size / 2;
  const mx = ROBOT.mountX;
  // mounting plate and post on the fixed platen, X beam with its rail and end stop
  s.span(
    [FIXED_PLATEN_X[0] - 0.03, top, -0.18],
    [FIXED_PLATEN_X[1] + 0.03, top + 0.04, 0.18],
    STEEL_DARK,
    'robot',
  );
  s.span([mx - 0.09, top + 0.04, -0.09], [mx + 0.09, ROBOT.beamY - 0.09, 0.09], RAL.lightGrey, 'robot');
  s.span(
    [mx - 0.09, ROBOT.beamY - 0.09, ROBOT.beamZ0],
    [mx + 0.09, ROBOT.beamY + 0.09, ROBOT.beamZ1],
    RAL.lightGrey,
    'robot',
  );
  s.span(
    [mx - 0.03, ROBOT.beamY + 0.09, ROBOT.beamZ0],
    [mx + 0.03, ROBOT.beamY + 0.11, ROBOT.beamZ1],
    CHROME,
    'robot',
  );
  s.span(
    [mx - 0.1, ROBOT.beamY - 0.1, ROBOT.beamZ0 - 0.04],
    [mx + 0.1, ROBOT.beamY + 0.1, ROBOT.beamZ0],
    RAL.anthracite,
    'robot',
  );
  // energy chain along the beam
  s.span(
    [mx + 0.09, ROBOT.beamY + 0.02, ROBOT.beamZ0 + 0.1],
    [mx + 0.16, ROBOT.beamY + 0.08, ROBOT.beamZ1 - 0.05],
    RAL.black,
    'robot',
  );

  // X carriage and the Z beam it carries (along the machine axis)
  const x0 = ROBOT.x0;
  const zb = ROBOT.beamY - 0.17;
  b.robotX.span(
    [mx - 0.13, ROBOT.beamY - 0.12, -0.14],
    [mx + 0.13, ROBOT.beamY + 0.14, 0.14],
    RAL.orange,
    'robot',
  );
  b.robotX.span([mx - 0.12, zb - 0.05, -0.05], [x0 + 0.3, zb + 0.05, 0.05], RAL.lightGrey, 'robot');
  b.robotX.span([mx - 0.12, zb + 0.05, -0.02], [x0 + 0.3, zb + 0.065, 0.02], CHROME, 'robot');
  // Z slide with the vertical guide
  b.robotZ.span([x0 - 0.08, zb - 0.08, -0.09], [x0 + 0.08, zb + 0.09, 0.09], RAL.orange, 'robot');
  b.robotZ.span([x0 - 0.06, zb - 0.3, -0.07], [x0 + 0.06, zb - 0.08, 0.07], RAL.orange, 'robot');
  // Y arm (telescopic square tube) and the EOAT: plate, frame, one vacuum cup per cavity
  const ey = ROBOT.yTop;
  b.robotY.span([x0 - 0.035, ey + 0.08, -0.035], [x0 + 0.035, ey + 1.1, 0.035], RAL.lightGrey, 'robot');
  b.robotY.span([x0 - 0.04, ey + 1.1, -0.04], [x0 + 0.04, ey + 1.14, 0.04], STEEL_DARK, 'robot');
  b.robotY.span([x0 - 0.05, ey - 0.13, -0.07], [x0 + 0.01, ey + 0.13, 0.07], STEEL_DARK, 'robot/eoat');
  b.robotY.span([x0 - 0.03, ey + 0.05, -0.025], [x0 + 0.03, ey + 0.1, 0.025], RAL.anthracite, 'robot/eoat');
  for (const cy of CAVITY_Y) {
    const y = ey + (cy - AXIS_Y);
    b.robotY.cyl(0.008, 0.03, 'x', [x0 + 0.025, y, 0], CHROME, 'robot/eoat', { seg: 8 });
    b.robotY.cyl(0.018, 0.012, 'x', [x0 + 0.046, y, 0], RAL.black, 'robot/eoat', { r2: 0.026, seg: 14 });
  }
  // vacuum hose along the arm
  b.robotY.cyl(0.008, 1.0, 'y', [x0 - 0.045, ey + 0.6, 0.03], 0x2b6cb0, 'robot', { seg: 6 });
}

/** Where a held part's centre is relative to the EOAT reference (cups face +X). */
export const HELD_OFFSET_X = 0.06;
