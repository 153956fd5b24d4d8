/**
 * Peripherals and utilities (domain-model §1.1): the two temperature control units (TCU 1 → fixed half,
 * TCU 2 → moving half), the desiccant dryer with its conveying line to the hopper, the electrical
 * cabinet with the energy meters, the workshop's ambient sensor (temperature, humidity, dew point), and
 * the walkway markings on the floor. Tags: `tcu<n>`, `dryer`, `energy`, `ambient`.
 */
import { CatmullRomCurve3, TubeGeometry, Vector3 } from 'three';
import { DRYER, FLOOR, HOPPER, TCU, TCU_POS } from '../layout.ts';
import { HOSE_RETURN, HOSE_SUPPLY, RAL, STEEL_DARK } from '../palette.ts';
import type { Bodies } from './bodies.ts';

export const AMBIENT_POS = [-3.55, 1.75, 1.35] as const;
export const ENERGY_POS = [-3.55, 0, -0.35] as const;

/** TCU outlets (supply, return), world position, for the hoses */
export const tcuOutlet = (i: number): [number, number, number] => {
  const [x, z] = TCU_POS[i]!;
  return [x, 0.55, z + TCU.d / 2 + 0.03];
};

export function buildPeripherals(b: Bodies, tcuTags: readonly string[]): void {
  const s = b.static;
  // the floor itself is the background colour (floorColor): drawing a floor plane costs a full layer of
  // pixels in software GL; only the walkway lines (signal yellow) are geometry
  for (const z of [1.45, 2.35])
    s.span([FLOOR.x0 + 0.2, 0, z - 0.04], [FLOOR.x1 - 0.2, 0.002, z + 0.04], RAL.signalYellow, '');
  // TCUs: cabinet, control panel with display, outlet manifold
  TCU_POS.forEach(([x, z], i) => {
    const tag = tcuTags[i] ?? `tcu${i + 1}`;
    s.span([x - TCU.w / 2, 0.06, z - TCU.d / 2], [x + TCU.w / 2, TCU.h, z + TCU.d / 2], RAL.ultramarine, tag);
    s.span(
      [x - TCU.w / 2 - 0.01, 0, z - TCU.d / 2 - 0.01],
      [x + TCU.w / 2 + 0.01, 0.06, z + TCU.d / 2 + 0.01],
      RAL.black,
      tag,
    );
    s.span(
      [x - TCU.w / 2 + 0.04, TCU.h - 0.32, z + TCU.d / 2],
      [x + TCU.w / 2 - 0.04, TCU.h - 0.06, z + TCU.d / 2 + 0.01],
      RAL.lightGrey,
      tag,
    );
    s.span(
      [x - 0.1, TCU.h - 0.22, z + TCU.d / 2 + 0.01],
      [x + 0.08, TCU.h - 0.12, z + TCU.d / 2 + 0.016],
      0x15222c,
      tag,
    );
    const [ox, oy, oz] = tcuOutlet(i);
    s.span([ox - 0.1, oy - 0.05, oz - 0.03], [ox + 0.1, oy + 0.05, oz], STEEL_DARK, tag);
    s.cyl(0.014, 0.04, 'z', [ox - 0.05, oy, oz + 0.02], HOSE_SUPPLY, tag, { seg: 8 });
    s.cyl(0.014, 0.04, 'z', [ox + 0.05, oy, oz + 0.02], HOSE_RETURN, tag, { seg: 8 });
  });
  // dryer: cabinet, drying hopper on top, blower, conveying line to the hopper loader
  const d = DRYER;
  s.span(
    [d.x - d.w / 2, 0.05, d.z - d.d / 2],
    [d.x + d.w / 2, d.h * 0.55, d.z + d.d / 2],
    RAL.lightGrey,
    'dryer',
  );
  s.span(
    [d.x - d.w / 2 + 0.05, 0.15, d.z + d.d / 2],
    [d.x + d.w / 2 - 0.05, d.h * 0.5, d.z + d.d / 2 + 0.01],
    RAL.skyBlue,
    'dryer',
  );
  s.span(
    [d.x - 0.12, d.h * 0.42, d.z + d.d / 2 + 0.01],
    [d.x + 0.1, d.h * 0.48, d.z + d.d / 2 + 0.016],
    0x15222c,
    'dryer',
  );
  s.cyl(0.24, d.h * 0.4, 'y', [d.x, d.h * 0.75, d.z], RAL.aluminium, 'dryer', { seg: 24 });
  s.cyl(0.08, 0.2, 'y', [d.x, d.h * 0.55 - 0.08 + 0.1, d.z], RAL.aluminium, 'dryer', { r2: 0.24, seg: 24 });
  s.cyl(0.1, 0.18, 'x', [d.x + d.w / 2 + 0.09, 0.35, d.z], RAL.anthracite, 'dryer', { seg: 16 });
  const line = new CatmullRomCurve3([
    new Vector3(d.x, d.h * 0.95 + 0.02, d.z),
    new Vector3(d.x + 0.1, 2.35, d.z + 0.2),
    new Vector3(HOPPER.x - 0.15, 2.4, -0.25),
    new Vector3(HOPPER.x - 0.12, HOPPER.y1 + 0.3, -0.12),
  ]);
  s.add(new TubeGeometry(line, 32, 0.025, 8, false), 0xd9dde0, 'dryer');
  // electrical cabinet with the energy meters
  const [ex, , ez] = ENERGY_POS;
  s.span([ex - 0.4, 0, ez - 0.25], [ex + 0.4, 2.0, ez + 0.25], RAL.lightGrey, 'energy');
  s.span([ex - 0.38, 0.1, ez + 0.25], [ex - 0.01, 1.95, ez + 0.26], 0xbfc5c2, 'energy');
  s.span([ex + 0.01, 0.1, ez + 0.25], [ex + 0.38, 1.95, ez + 0.26], 0xbfc5c2, 'energy');
  for (let i = 0; i < 4; i++)
    s.span([ex - 0.3 + i * 0.15, 1.45, ez + 0.26], [ex - 0.2 + i * 0.15, 1.6, ez + 0.27], 0x15222c, 'energy');
  s.span([ex - 0.02, 1.7, ez + 0.26], [ex + 0.08, 1.8, ez + 0.27], RAL.signalYellow, 'energy');
  // ambient sensor on a post (the workshop's temperature, humidity and dew point)
  const [ax, ay, az] = AMBIENT_POS;
  s.cyl(0.025, ay, 'y', [ax, ay / 2, az], RAL.anthracite, 'ambient', { seg: 8 });
  s.span([ax - 0.07, ay, az - 0.04], [ax + 0.07, ay + 0.16, az + 0.04], RAL.white, 'ambient');
  s.span([ax - 0.05, ay + 0.08, az + 0.04], [ax + 0.05, ay + 0.13, az + 0.045], 0x15222c, 'ambient');
}
