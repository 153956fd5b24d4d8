/**
 * The conveyor line (domain-model §1.1, §3.13): a 3 m belt from the robot's place position, the vision
 * tunnel (camera and ring light), the laser marker, the reject diverter with its bin, the end photo-eye,
 * the drive motor and the good-parts bin. Tags: `conveyor`, `conveyor/eye`, `conveyor/motor`, `vision`,
 * `laser`.
 */
import { BELT, BINS, beltX, DIVERT_S, LASER_S, VISION_S } from '../layout.ts';
import { BELT_BLACK, CHROME, RAL, STEEL_DARK } from '../palette.ts';
import type { Bodies } from './bodies.ts';
import type { BodyBuilder } from './body.ts';

function bin(s: BodyBuilder, x: number, z: number, color: number, tag: string): void {
  const w = 0.25;
  const h = 0.7;
  s.span([x - w, 0, z - w], [x + w, 0.04, z + w], color, tag);
  s.span([x - w, 0, z - w], [x + w, h, z - w + 0.02], color, tag);
  s.span([x - w, 0, z + w - 0.02], [x + w, h, z + w], color, tag);
  s.span([x - w, 0, z - w], [x - w + 0.02, h, z + w], color, tag);
  s.span([x + w - 0.02, 0, z - w], [x + w, h, z + w], color, tag);
}

export function buildConveyor(b: Bodies): void {
  const s = b.static;
  const x0 = BELT.start;
  const x1 = beltX(BELT.length) + 0.06;
  const z = BELT.z;
  const hw = BELT.width / 2;
  const top = BELT.top;
  // frame, belt, side rails, rollers at the ends, legs
  s.span([x0, top - 0.12, z - hw - 0.03], [x1, top - 0.02, z + hw + 0.03], RAL.anthracite, 'conveyor');
  s.span([x0 + 0.03, top - 0.02, z - hw], [x1 - 0.03, top, z + hw], BELT_BLACK, 'conveyor');
  for (const side of [-1, 1])
    s.span(
      [x0, top, z + side * (hw + 0.01) - 0.01],
      [x1, top + 0.05, z + side * (hw + 0.01) + 0.01],
      RAL.aluminium,
      'conveyor',
    );
  for (const x of [x0 + 0.03, x1 - 0.03])
    s.cyl(0.05, BELT.width, 'z', [x, top - 0.05, z], CHROME, 'conveyor', { seg: 14 });
  for (let x = x0 + 0.1; x < x1; x += 0.9)
    for (const side of [-1, 1])
      s.span(
        [x - 0.025, 0, z + side * hw - 0.025],
        [x + 0.025, top - 0.12, z + side * hw + 0.025],
        RAL.anthracite,
        'conveyor',
      );
  // drive motor and gearbox at the end
  s.cyl(0.07, 0.22, 'z', [x1 - 0.05, top - 0.12, z + hw + 0.16], RAL.skyBlue, 'conveyor/motor', { seg: 16 });
  s.span(
    [x1 - 0.12, top - 0.2, z + hw + 0.02],
    [x1 + 0.02, top - 0.04, z + hw + 0.06],
    STEEL_DARK,
    'conveyor/motor',
  );
  // vision tunnel: dark hood over the belt, camera on top, ring light inside (an indicator lamp)
  const xv = beltX(VISION_S);
  s.span([xv - 0.16, top + 0.32, z - hw - 0.06], [xv + 0.16, top + 0.36, z + hw + 0.06], RAL.black, 'vision');
  for (const side of [-1, 1])
    s.span(
      [xv - 0.16, top - 0.02, z + side * (hw + 0.04) - 0.02],
      [xv + 0.16, top + 0.36, z + side * (hw + 0.04) + 0.02],
      RAL.black,
      'vision',
    );
  s.span([xv - 0.06, top + 0.36, z - 0.06], [xv + 0.06, top + 0.5, z + 0.06], RAL.anthracite, 'vision');
  s.cyl(0.035, 0.06, 'y', [xv, top + 0.31, z], RAL.black, 'vision', { seg: 14 });
  // laser marker: head on a column beside the belt, arm over the belt, warning plate
  const xl = beltX(LASER_S);
  s.span([xl - 0.04, 0, z - hw - 0.16], [xl + 0.04, top + 0.55, z - hw - 0.08], RAL.anthracite, 'laser');
  s.span([xl - 0.06, top + 0.4, z - hw - 0.14], [xl + 0.06, top + 0.5, z + 0.02], RAL.lightGrey, 'laser');
  s.span([xl - 0.05, top + 0.25, z - 0.05], [xl + 0.05, top + 0.42, z + 0.05], RAL.lightGrey, 'laser');
  s.span([xl - 0.04, top + 0.3, z + 0.051], [xl + 0.04, top + 0.38, z + 0.053], RAL.signalYellow, 'laser');
  // reject diverter (pneumatic pusher on the far side) and its chute to the reject bin
  const xd = beltX(DIVERT_S);
  s.span(
    [xd - 0.08, top + 0.02, z + hw + 0.03],
    [xd + 0.08, top + 0.1, z + hw + 0.2],
    RAL.lightGrey,
    'conveyor',
  );
  s.cyl(0.02, 0.12, 'z', [xd, top + 0.06, z + hw + 0.26], CHROME, 'conveyor', { seg: 10 });
  s.box([0.2, 0.02, 0.5], [xd, top - 0.22, z - hw - 0.2], RAL.aluminium, 'vision', [-0.6, 0, 0]);
  bin(s, BINS.reject.x, BINS.reject.z, RAL.trafficRed, 'vision');
  // end photo-eye (emitter and reflector across the belt)
  const xe = beltX(BELT.length - 0.07);
  for (const side of [-1, 1])
    s.span(
      [xe - 0.02, top + 0.02, z + side * (hw + 0.04) - 0.02],
      [xe + 0.02, top + 0.12, z + side * (hw + 0.04) + 0.02],
      side > 0 ? RAL.signalYellow : RAL.black,
      'conveyor/eye',
    );
  // chute from the end into the good-parts bin
  s.box([0.3, 0.02, 0.34], [x1 + 0.12, top - 0.32, z], RAL.aluminium, 'conveyor', [0, 0, -0.9]);
  bin(s, BINS.good.x, BINS.good.z, RAL.trafficGreen, 'conveyor');
}
