/**
 * Safeguards (domain-model §5.1): sliding front (operator) and rear guards over the mould area, fixed
 * guards over the clamp, the hinged purge guard over the nozzle, and the robot cell's fence with its
 * interlocked door. Signal-yellow frames; glazing is suggested by a few light glints and fences by thin
 * wires rather than translucent sheets (a full-screen translucent layer costs more than the whole machine
 * in software GL). Tags: `imm/guard-front`, `imm/guard-rear`, `imm/guard-purge`, `imm` (fixed guards),
 * `robot/door`, `robot` (fence).
 */
import { CELL_DOOR, FENCE, GUARD, PURGE } from '../layout.ts';
import { RAL } from '../palette.ts';
import type { Bodies } from './bodies.ts';
import type { BodyBuilder } from './body.ts';

const BAR = 0.035;
const WIRE = 0x5d666d;
const GLINT = 0xe9f2f6;

type P3 = [number, number, number];
const planar =
  (at: number, normal: 'z' | 'x') =>
  (u: number, y: number, d = 0): P3 =>
    normal === 'z' ? [u, y, at + d] : [at + d, y, u];

/** A rectangular guard frame in a vertical plane, with glints on its glazing. */
function panel(
  b: BodyBuilder,
  a: [number, number],
  c: [number, number],
  at: number,
  normal: 'z' | 'x',
  tag: string,
  opts: { handle?: boolean; glazing?: boolean } = {},
): void {
  const [u0, y0] = a;
  const [u1, y1] = c;
  const p = planar(at, normal);
  const t = BAR / 2;
  b.span(p(u0, y0, -t), p(u1, y0 + BAR, t), RAL.signalYellow, tag);
  b.span(p(u0, y1 - BAR, -t), p(u1, y1, t), RAL.signalYellow, tag);
  b.span(p(u0, y0, -t), p(u0 + BAR, y1, t), RAL.signalYellow, tag);
  b.span(p(u1 - BAR, y0, -t), p(u1, y1, t), RAL.signalYellow, tag);
  if (opts.handle)
    b.span(
      p(u0 + 0.06, (y0 + y1) / 2 - 0.12, t),
      p(u0 + 0.09, (y0 + y1) / 2 + 0.12, t + 0.04),
      RAL.black,
      tag,
    );
  if (opts.glazing === false) return;
  const du = u1 - u0;
  const dy = y1 - y0;
  const len = Math.min(du, dy) * 0.22;
  for (const [k, h] of [
    [0.2, 0.74],
    [0.26, 0.7],
  ] as const) {
    b.box(
      normal === 'z' ? [len, 0.005, 0.003] : [0.003, 0.005, len],
      p(u0 + du * k, y0 + dy * h, 0),
      GLINT,
      tag,
      normal === 'z' ? [0, 0, Math.PI / 4] : [Math.PI / 4, 0, 0],
    );
  }
}

/** A wire-mesh fence panel. */
function wireMesh(
  b: BodyBuilder,
  a: [number, number],
  c: [number, number],
  at: number,
  normal: 'z' | 'x',
  tag: string,
): void {
  const [u0, y0] = a;
  const [u1, y1] = c;
  const w = 0.012;
  const p = planar(at, normal);
  const n = Math.max(1, Math.round((u1 - u0) / 0.15));
  for (let i = 1; i < n; i++) {
    const u = u0 + ((u1 - u0) * i) / n;
    b.span(p(u - w / 2, y0, -w / 2), p(u + w / 2, y1, w / 2), WIRE, tag);
  }
  const m = Math.max(1, Math.round((y1 - y0) / 0.3));
  for (let j = 0; j <= m; j++) {
    const y = y0 + ((y1 - y0) * j) / m;
    b.span(p(u0, y - w / 2, -w / 2), p(u1, y + w / 2, w / 2), WIRE, tag);
  }
}

export function buildGuards(b: Bodies): void {
  // sliding doors over the mould area (they slide towards the clamp end when opened)
  panel(b.frontDoor, [GUARD.x0, GUARD.y0], [GUARD.x1, GUARD.y1], GUARD.z, 'z', 'imm/guard-front', {
    handle: true,
  });
  panel(b.rearDoor, [GUARD.x0, GUARD.y0], [GUARD.x1, GUARD.y1], -GUARD.z, 'z', 'imm/guard-rear', {
    handle: true,
  });
  // fixed guards over the clamp, on both sides, slightly outside the doors' track, and their rails
  for (const side of [1, -1]) {
    panel(b.static, [GUARD.x1 + 0.02, GUARD.y0], [2.15, GUARD.y1], side * (GUARD.z + 0.05), 'z', 'imm');
    b.static.span(
      [GUARD.x0, GUARD.y1, side * (GUARD.z - 0.03)],
      [2.15, GUARD.y1 + 0.04, side * (GUARD.z + 0.08)],
      RAL.anthracite,
      'imm',
    );
  }
  // purge guard: a hinged cover on the operator side of the nozzle (hinge along its top edge)
  panel(b.purge, [PURGE.x0, PURGE.y - PURGE.r - 0.22], [PURGE.x1, PURGE.y], PURGE.r, 'z', 'imm/guard-purge');
  b.purge.span(
    [PURGE.x0, PURGE.y - 0.02, -PURGE.r],
    [PURGE.x1, PURGE.y + 0.01, PURGE.r],
    RAL.signalYellow,
    'imm/guard-purge',
  );

  // robot cell fence: posts, wire mesh, the door on the far side
  const f = FENCE;
  const s = b.static;
  const posts: [number, number][] = [];
  for (let x = f.x0; x <= f.x1 + 1e-6; x += (f.x1 - f.x0) / 3) posts.push([x, f.z0]);
  for (const x of [f.x0, f.x1])
    for (let z = f.z0; z <= f.z1 + 1e-6; z += (f.z1 - f.z0) / 2) posts.push([x, z]);
  for (const [x, z] of posts)
    s.span([x - 0.03, 0, z - 0.03], [x + 0.03, f.h, z + 0.03], RAL.signalYellow, 'robot');
  wireMesh(s, [f.x0 + 0.03, 0.15], [CELL_DOOR.x0, f.h - 0.05], f.z0, 'z', 'robot');
  wireMesh(s, [CELL_DOOR.x1, 0.15], [f.x1 - 0.03, f.h - 0.05], f.z0, 'z', 'robot');
  wireMesh(s, [f.z0 + 0.03, 0.15], [f.z1, f.h - 0.05], f.x0, 'x', 'robot');
  // the conveyor leaves the cell through the x1 side: mesh above and below the belt opening
  wireMesh(s, [f.z0 + 0.03, 0.15], [f.z1, 1.05], f.x1, 'x', 'robot');
  wireMesh(s, [f.z0 + 0.03, 1.6], [f.z1, f.h - 0.05], f.x1, 'x', 'robot');
  s.span([f.x0, f.h - 0.04, f.z0 - 0.02], [f.x1, f.h, f.z0 + 0.02], RAL.signalYellow, 'robot');
  const dz = f.z0 - 0.05;
  panel(b.cellDoor, [CELL_DOOR.x0, 0.1], [CELL_DOOR.x1, f.h - 0.08], dz, 'z', 'robot/door', {
    handle: true,
    glazing: false,
  });
  wireMesh(
    b.cellDoor,
    [CELL_DOOR.x0 + BAR, 0.1 + BAR],
    [CELL_DOOR.x1 - BAR, f.h - 0.08 - BAR],
    dz,
    'z',
    'robot/door',
  );
}
