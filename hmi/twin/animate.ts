/**
 * Puts the scene in the state of the cell: the pose (moving bodies, from smoothed process values) and the
 * discrete visuals (heater-band colours, lamps, droplets, parts, hopper level, highlights). Nothing here
 * reads a signal: it gets values already bound and computed (bindings.ts, parts-flow.ts, condensation.ts).
 */
import { type Box3, Vector3 } from 'three';
import { CLEATS } from './build/bodies.ts';
import { STACK_LAMPS } from './build/indicators.ts';
import { SCREW_GAUGE, SIGHT } from './build/injection.ts';
import { seeded, Y_TO_X } from './build/instanced.ts';
import { HELD_OFFSET_X } from './build/robot.ts';
import { heatRgb } from './heat.ts';
import {
  AXIS_Y,
  BELT,
  BINS,
  beltX,
  CARRIAGE_BACK,
  CAVITY_Y,
  CELL_DOOR,
  eoat,
  GUARD,
  MOULD,
  PART,
  PARTING_X,
  VISION_S,
} from './layout.ts';
import { LAMP, PART_COLOR, PART_REJECT } from './palette.ts';
import type { Verdict } from './parts-flow.ts';
import { type CellScene, DROPLETS, GROUP_BODIES, MAX_HIGHLIGHTS, MAX_PARTS } from './scene.ts';
import type { Pose } from './smoothing.ts';

export type Light = 'red' | 'amber' | 'green';

export interface PartsState {
  /** the shot sits on the moving half (mould open, not yet picked) */
  readonly inMould: boolean;
  /** the gripper holds the shot */
  readonly held: boolean;
  readonly belt: readonly { readonly s0: number; readonly verdict: Verdict | null }[];
  readonly good: number;
  readonly reject: number;
}

export interface Discrete {
  readonly bands: readonly (number | null)[];
  readonly light: Light;
  readonly ring: boolean;
  readonly laser: boolean;
  readonly eyeBlocked: boolean | null;
  readonly dryerOn: boolean | null;
  readonly tcuPumps: readonly (boolean | null)[];
  /** share of droplets shown per half, 0…1 */
  readonly droplets: { readonly fixed: number; readonly moving: number };
  readonly parts: PartsState;
  readonly hopperLevel: number | null;
  readonly highlights: readonly { readonly tag: string; readonly color: number }[];
  readonly selection: string | null;
}

/** the hovered or focused equipment's outline (the HMI's focus blue) */
const SELECTION = 0x0b5cad;
const dim = (hex: number): number =>
  (Math.round(((hex >> 16) & 255) * 0.45) << 16) |
  (Math.round(((hex >> 8) & 255) * 0.45) << 8) |
  Math.round((hex & 255) * 0.45);
const world = new Vector3();
/** where a hidden beam goes */
const AWAY = -100;
/** purge guard: slides up this far when open */
const PURGE_LIFT = 0.42;

export class CellAnimator {
  private readonly cs: CellScene;
  private d: Discrete | null = null;
  private lastHoseOpen = Number.NaN;
  private readonly pileSpots: [number, number][] = [];

  constructor(cs: CellScene) {
    this.cs = cs;
    this.layoutDroplets();
    const rnd = seeded(7);
    for (let i = 0; i < 24; i++) this.pileSpots.push([(rnd() - 0.5) * 0.24, (rnd() - 0.5) * 0.24]);
  }

  setDiscrete(d: Discrete): void {
    this.d = d;
    const { rig } = this.cs;
    d.bands.forEach((tC, i) => {
      rig.recolor(`imm/zone${i + 1}`, heatRgb(tC));
    });
    for (const l of STACK_LAMPS) rig.recolor(`imm/stack-${l}`, d.light === l ? LAMP[l].on : LAMP[l].off);
    rig.recolor('vision/ring', d.ring ? LAMP.white.on : LAMP.white.off);
    rig.recolor('dryer/led', d.dryerOn ? LAMP.green.on : LAMP.green.off);
    this.cs.tcuTags.forEach((t, i) => {
      rig.recolor(`${t}/led`, d.tcuPumps[i] ? LAMP.green.on : LAMP.green.off);
    });
    rig.setOffset('laserBeam', 0, d.laser ? 0 : AWAY, 0);
    rig.setOffset('eyeBeam', 0, d.eyeBlocked ? 0 : AWAY, 0);
    rig.commit();
    // droplets (F24 symptom): the first N of each half's fixed layout
    const n = (share: number) => Math.round(DROPLETS * Math.max(0, Math.min(1, share)));
    const { dropletsFixed: df, dropletsMoving: dm } = this.cs;
    df.mesh.count = n(d.droplets.fixed);
    dm.mesh.count = n(d.droplets.moving);
    df.mesh.visible = df.mesh.count > 0;
    dm.mesh.visible = dm.mesh.count > 0;
    // hopper level float
    const lvl = d.hopperLevel === null ? 0 : Math.max(0, Math.min(100, d.hopperLevel)) / 100;
    this.cs.groups.level.position.y = (SIGHT.y1 - SIGHT.y0) * lvl;
  }

  /** Place the moving bodies and the parts; `blink` alternates the highlights' intensity. */
  applyPose(p: Pose, blink: boolean): void {
    const cs = this.cs;
    const g = cs.groups;
    g.clamp.position.x = p.mould / 1000;
    g.ejector.position.x = -p.ejector / 1000;
    g.carriage.position.x = -CARRIAGE_BACK * p.carriage;
    g.screw.position.x = -(SCREW_GAUGE.gain * p.screw) / 1000;
    g.frontDoor.position.x = GUARD.slide * p.front;
    g.rearDoor.position.x = GUARD.slide * p.rear;
    g.purge.position.y = PURGE_LIFT * p.purge;
    g.cellDoor.position.x = (CELL_DOOR.x1 - CELL_DOOR.x0 + 0.05) * p.door;
    g.robotX.position.z = -p.rx / 1000;
    g.robotZ.position.x = p.rz / 1000;
    g.robotY.position.y = -p.ry / 1000;
    cs.scene.updateMatrixWorld();
    for (const k of GROUP_BODIES) {
      world.setFromMatrixPosition(g[k].matrixWorld);
      cs.rig.setOffset(k, world.x, world.y, world.z);
    }
    // belt cleats move with the belt
    const span = BELT.length + 0.1;
    for (let i = 0; i < CLEATS; i++) {
      const s = (((p.travel + (i * span) / CLEATS) % span) + span) % span;
      cs.rig.setOffset(`cleat${i}`, s - 0.05, 0, 0);
    }
    const open = Math.round(p.mould) / 1000;
    if (open !== this.lastHoseOpen) {
      cs.movingHoses.set(cs.hoseRoutes(open));
      this.lastHoseOpen = open;
    }
    this.layoutParts(p);
    this.layoutHighlights(blink);
  }

  private layoutParts(p: Pose): void {
    const d = this.d;
    const P = this.cs.parts;
    let i = 0;
    const lid = (at: [number, number, number], facing: 'x' | 'y', color: number) => {
      if (i >= MAX_PARTS) return;
      P.put(i, at, [PART.d / 2, PART.h, PART.d / 2], facing === 'x' ? Y_TO_X : undefined);
      P.color(i, color);
      i++;
    };
    if (d) {
      const parts = d.parts;
      if (parts.held) {
        const [ex, ey, ez] = eoat(p.rx, p.ry, p.rz);
        for (const cy of CAVITY_Y) lid([ex + HELD_OFFSET_X, ey + (cy - AXIS_Y), ez], 'x', PART_COLOR);
      } else if (parts.inMould && p.mould > 20) {
        const x = PARTING_X + p.mould / 1000 - PART.h / 2 - p.ejector / 1000;
        for (const cy of CAVITY_Y) lid([x, cy, 0], 'x', PART_COLOR);
      }
      for (const b of parts.belt) {
        const s = p.travel - b.s0;
        if (s < -0.05 || s > BELT.length + 0.05) continue;
        const color = s >= VISION_S && b.verdict === 'REJECT' ? PART_REJECT : PART_COLOR;
        for (const dz of [-0.065, 0.065])
          lid([beltX(s), BELT.top + PART.h / 2 + 0.001, BELT.z + dz], 'y', color);
      }
      const pileOf = (count: number, x: number, z: number, color: number) => {
        const k = Math.min(10, Math.max(0, Math.ceil(count / 20)));
        for (let j = 0; j < k; j++) {
          const [dx, dz] = this.pileSpots[j]!;
          lid([x + dx, 0.05 + j * 0.018, z + dz], 'y', color);
        }
      };
      pileOf(parts.good, BINS.good.x, BINS.good.z, PART_COLOR);
      pileOf(parts.reject, BINS.reject.x, BINS.reject.z, PART_REJECT);
    }
    for (let j = i; j < MAX_PARTS; j++) P.hide(j);
    P.mesh.count = Math.max(1, i);
    P.mesh.visible = i > 0;
    P.commit();
  }

  private layoutHighlights(blink: boolean): void {
    const d = this.d;
    const boxes: { box: Box3; color: number }[] = [];
    for (const h of d?.highlights ?? []) {
      if (boxes.length >= MAX_HIGHLIGHTS) break;
      const b = this.cs.box(h.tag);
      // blinking: the outline alternates between the severity colour and a darker shade
      if (b) boxes.push({ box: b.clone().expandByScalar(0.03), color: blink ? h.color : dim(h.color) });
    }
    const sel = d?.selection ? this.cs.box(d.selection) : undefined;
    if (sel) boxes.push({ box: sel.clone().expandByScalar(0.06), color: SELECTION });
    this.cs.outlines.set(boxes);
  }

  private layoutDroplets(): void {
    const rnd = seeded(24);
    const h = MOULD.h / 2 - 0.02;
    const w = MOULD.w / 2 - 0.02;
    const put = (inst: CellScene['dropletsFixed'], face: number, dir: 1 | -1, i: number) => {
      const r = 0.004 + rnd() * 0.006;
      const a = (rnd() * 2 - 1) * h;
      const b = (rnd() * 2 - 1) * w;
      const flat = 0.45;
      const side = rnd();
      const along = face + dir * (0.02 + 0.16 * rnd());
      // the parting face (seen when open), the operator-side face, the top, the rear face
      if (side < 0.4) inst.put(i, [face, AXIS_Y + a, b], [r * flat, r, r]);
      else if (side < 0.68) inst.put(i, [along, AXIS_Y + a, MOULD.w / 2 + 0.003], [r, r, r * flat]);
      else if (side < 0.88) inst.put(i, [along, AXIS_Y + MOULD.h / 2 + 0.003, b], [r, r * flat, r]);
      else inst.put(i, [along, AXIS_Y + a, -MOULD.w / 2 - 0.003], [r, r, r * flat]);
    };
    for (let i = 0; i < DROPLETS; i++) put(this.cs.dropletsFixed, PARTING_X + 0.004, -1, i);
    for (let i = 0; i < DROPLETS; i++) put(this.cs.dropletsMoving, PARTING_X - 0.004, 1, i);
    this.cs.dropletsFixed.commit();
    this.cs.dropletsMoving.commit();
  }
}
