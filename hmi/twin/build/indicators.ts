/**
 * Lamps and indicators (unlit, recoloured by state): the stack light's three lamps, the vision ring
 * light, the status LEDs of the TCUs and the dryer, the laser beam, the photo-eye beam, the belt's
 * cleats (they show the belt running), the heater bands (on the carriage) and the hopper's level float.
 * Tags of recoloured parts: `imm/stack-red|amber|green`, `vision/ring`, `<tcu>/led`, `dryer/led`,
 * `imm/zone<n>`.
 */
import { AXIS_Y, BELT, beltX, DRYER, LASER_S, STACK, TCU, TCU_POS, VISION_S, ZONE_SPANS } from '../layout.ts';
import { LAMP } from '../palette.ts';
import type { Bodies } from './bodies.ts';
import { SIGHT } from './injection.ts';

export const STACK_LAMPS = ['green', 'amber', 'red'] as const;

const lamp = { unlit: true } as const;

export function buildIndicators(b: Bodies, tcuTags: readonly string[]): void {
  const L = b.indicators;
  for (const [k, l] of STACK_LAMPS.entries()) {
    const at: [number, number, number] = [STACK.x, STACK.y0 + 0.09 + k * 0.105, STACK.z];
    L.cyl(0.048, 0.1, 'y', at, LAMP[l].off, `imm/stack-${l}`, { ...lamp, seg: 18 });
  }
  const ring: [number, number, number] = [beltX(VISION_S), BELT.top + 0.28, BELT.z];
  L.cyl(0.06, 0.012, 'y', ring, LAMP.white.off, 'vision/ring', { ...lamp, seg: 20 });
  const dryerLed: [number, number, number] = [DRYER.x + 0.18, DRYER.h * 0.45, DRYER.z + DRYER.d / 2 + 0.02];
  L.cyl(0.02, 0.02, 'z', dryerLed, LAMP.green.off, 'dryer/led', { ...lamp, seg: 10 });
  for (const [i, [x, z]] of TCU_POS.entries()) {
    const at: [number, number, number] = [x + 0.13, TCU.h - 0.17, z + TCU.d / 2 + 0.02];
    L.cyl(0.018, 0.02, 'z', at, LAMP.green.off, `${tcuTags[i]}/led`, { ...lamp, seg: 10 });
  }
  // beams: drawn at their place, moved away when off
  const laser: [number, number, number] = [beltX(LASER_S), BELT.top + 0.13, BELT.z];
  b.laserBeam.cyl(0.003, 0.24, 'y', laser, 0xff2020, 'laser', { ...lamp, seg: 6 });
  const eye: [number, number, number] = [beltX(BELT.length - 0.07), BELT.top + 0.07, BELT.z];
  b.eyeBeam.cyl(0.004, BELT.width + 0.06, 'z', eye, 0xff2a1a, 'conveyor/eye', { ...lamp, seg: 6 });
  // belt cleats, each its own slot, laid at s = 0 (the animator spreads them along the belt)
  const hw = BELT.width / 2 - 0.01;
  for (const c of b.cleats)
    c.span(
      [beltX(0) - 0.006, BELT.top, BELT.z - hw],
      [beltX(0) + 0.006, BELT.top + 0.008, BELT.z + hw],
      0x3a3d40,
      'conveyor',
    );
  // heater bands (open cylinders around the barrel), recoloured by measured temperature
  for (const [i, [x0, x1, r]] of ZONE_SPANS.entries())
    b.carriage.cyl(r, x1 - x0, 'x', [(x0 + x1) / 2, AXIS_Y, 0], 0x777777, `imm/zone${i + 1}`, {
      seg: 28,
      open: true,
    });
  // hopper level float in the sight glass, at the bottom of its travel (moved up by the level)
  const { x, y0, z, w } = SIGHT;
  b.level.span([x - w / 2, y0 - 0.006, z - 0.006], [x + w / 2, y0 + 0.006, z + 0.004], 0xf44611, 'hopper');
}
