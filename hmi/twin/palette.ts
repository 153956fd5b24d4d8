/**
 * The twin's colours: an industrial look with RAL-like machine colours (grey frames, blue moving
 * assemblies), RAL 1003 signal yellow for guards and fences, steel for tooling, and colour reserved for
 * states (heat, alarms, verdicts) — always doubled by a text label (WCAG 1.4.1).
 */
export const RAL = {
  /** RAL 7016 anthracite grey: frames, bed */
  anthracite: 0x383e42,
  /** RAL 7035 light grey: covers, cabinets */
  lightGrey: 0xcbd0cc,
  /** RAL 7040 window grey */
  windowGrey: 0x9da3a6,
  /** RAL 5015 sky blue: platens, clamp unit */
  skyBlue: 0x2271b3,
  /** RAL 5002 ultramarine: TCUs */
  ultramarine: 0x20214f,
  /** RAL 1003 signal yellow: guards, fence posts, floor marking */
  signalYellow: 0xf9a800,
  /** RAL 2004 pure orange: robot carriages */
  orange: 0xf44611,
  /** RAL 9005 jet black */
  black: 0x0a0a0a,
  /** RAL 9006 white aluminium: hopper, ducts */
  aluminium: 0xa5a5a5,
  /** RAL 6024 traffic green: good-parts bin */
  trafficGreen: 0x308446,
  /** RAL 3020 traffic red: reject bin */
  trafficRed: 0xc1121c,
  /** RAL 9016 traffic white */
  white: 0xf1f0ea,
} as const;

export const STEEL = 0x8c979f;
export const STEEL_DARK = 0x5d666d;
export const CHROME = 0xc9d1d6;
export const BELT_BLACK = 0x222426;
export const FLOOR_GREY = 0xb9bab3;
export const HOSE_SUPPLY = 0x1f5fa8;
export const HOSE_RETURN = 0x9c2a22;
/** PP lid, natural with a light masterbatch */
export const PART_COLOR = 0xdfe6ea;
export const PART_REJECT = 0xd9534f;
export const GLASS = 0xbfd6e0;
export const WATER = 0x9fd3f0;

/** alarm highlight colours by severity (the label carries the text) */
export const SEVERITY_COLOR: Record<string, number> = {
  critical: 0xd0021b,
  alarm: 0xe0301e,
  warning: 0xf5a623,
  info: 0x2f80ed,
};

export const LAMP = {
  red: { on: 0xff2a1a, off: 0x4a1410 },
  amber: { on: 0xffb000, off: 0x4a3a10 },
  green: { on: 0x22e05a, off: 0x0f3a1c },
  blue: { on: 0x4aa8ff, off: 0x0f2a44 },
  white: { on: 0xffffff, off: 0x555555 },
} as const;
