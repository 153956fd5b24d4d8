/**
 * The cell's scene assembled from the equipment builders (build/*.ts): the static body (one draw call),
 * the rig with every moving body (one draw call, build/rig.ts), the moulded parts (instanced), the
 * moving half's hoses, droplets and highlight volumes (drawn only when shown). Per-body proxies in groups
 * (never drawn) carry the picking and anchor tables; the animator moves the groups and copies their
 * positions into the rig's slots.
 */
import {
  Box3,
  CatmullRomCurve3,
  Color,
  Group,
  LinearSRGBColorSpace,
  Mesh,
  type Object3D,
  Scene,
  TubeGeometry,
  Vector3,
} from 'three';
import type { Bindings } from './bindings.ts';
import { type Bodies, newBodies } from './build/bodies.ts';
import type { BodyInfo } from './build/body.ts';
import { buildConveyor } from './build/conveyor.ts';
import { buildGuards } from './build/guards.ts';
import { HoseBundle } from './build/hose.ts';
import { buildIndicators } from './build/indicators.ts';
import { buildInjection } from './build/injection.ts';
import { geometries, Instances } from './build/instanced.ts';
import { buildMachine } from './build/machine.ts';
import { buildMould, type SensorSpot, sensorSpots } from './build/mould.ts';
import { Outlines } from './build/outlines.ts';
import { buildPeripherals, tcuOutlet } from './build/peripherals.ts';
import { Rig } from './build/rig.ts';
import { buildRobot } from './build/robot.ts';
import { AXIS_Y, FIXED_PLATEN_X, MOULD, PARTING_X } from './layout.ts';
import { addLights, floorColor } from './lighting.ts';
import { createMaterials, type Materials } from './materials.ts';
import { FLOOR_GREY, HOSE_RETURN, HOSE_SUPPLY } from './palette.ts';

export const MAX_PARTS = 120;
export const DROPLETS = 90;
export const MAX_HIGHLIGHTS = 12;

/** Moving bodies that follow a group (their slot offset = the group's world position). */
export const GROUP_BODIES = [
  'clamp',
  'ejector',
  'carriage',
  'screw',
  'level',
  'frontDoor',
  'rearDoor',
  'purge',
  'cellDoor',
  'robotX',
  'robotZ',
  'robotY',
] as const;
export type GroupBody = (typeof GROUP_BODIES)[number];

export interface CellScene {
  readonly scene: Scene;
  readonly materials: Materials;
  readonly groups: Readonly<Record<GroupBody, Group>>;
  readonly rig: Rig;
  readonly parts: Instances;
  readonly dropletsFixed: Instances;
  readonly dropletsMoving: Instances;
  /** alarm highlights and the hovered/focused equipment, as outline boxes (one draw call) */
  readonly outlines: Outlines;
  readonly movingHoses: HoseBundle;
  readonly spots: readonly SensorSpot[];
  /** meshes a pointer can pick (the static body and the moving bodies' proxies) */
  readonly pickables: readonly Object3D[];
  /** scene tag → world-space box (moving bodies as of the last `updateMatrixWorld`) */
  box(tag: string): Box3 | undefined;
  /** every tag known to the scene */
  readonly tags: readonly string[];
  /** the TCU tag of each TCU index */
  readonly tcuTags: readonly string[];
  /** moving-hose routes for a mould opening (m) */
  hoseRoutes(openM: number): Vector3[][];
}

export function buildScene(b: Bindings): CellScene {
  const materials = createMaterials();
  const scene = new Scene();
  // the renderer writes colours as is (lighting.ts): the background, the floor's colour, is given in sRGB
  scene.background = new Color().setHex(floorColor(FLOOR_GREY), LinearSRGBColorSpace);
  addLights(scene);

  const tcuTags = b.tcus.length ? b.tcus.slice(0, 2).map((t) => t.equipment) : ['tcu1', 'tcu2'];
  while (tcuTags.length < 2) tcuTags.push(`tcu${tcuTags.length + 1}`);
  const spots = sensorSpots(b);
  const bodies: Bodies = newBodies();
  buildMachine(bodies);
  buildMould(bodies, spots);
  buildInjection(bodies);
  buildGuards(bodies);
  buildRobot(bodies);
  buildConveyor(bodies);
  buildPeripherals(bodies, tcuTags);
  buildIndicators(bodies, tcuTags);
  // the fixed half's water lines from TCU 1 never move: part of the static body
  hoseRoutesFor(0, FIXED_PLATEN_X[1] + MOULD.half / 2).forEach((route, k) => {
    const tube = new TubeGeometry(new CatmullRomCurve3(route), 28, 0.018, 6, false);
    bodies.static.add(tube, k === 0 ? HOSE_SUPPLY : HOSE_RETURN, tcuTags[0]!);
  });

  const staticMesh = bodies.static.build(materials.body, 'static');
  scene.add(staticMesh);

  // moving bodies: a never-drawn proxy in its group (picking, boxes) and a part of the rig (drawing)
  const rigParts: { slot: string; geo: ReturnType<Bodies['static']['merge']>['geo']; info: BodyInfo }[] = [];
  const proxies: Mesh[] = [];
  const groups = {} as Record<GroupBody, Group>;
  const addRigBody = (slot: string, builder: Bodies['static'], group?: Group) => {
    if (builder.empty) return;
    const { geo, info } = builder.merge(slot);
    rigParts.push({ slot, geo, info });
    const proxy = new Mesh(geo, materials.body);
    proxy.name = `${slot}-proxy`;
    proxy.visible = false;
    proxy.matrixAutoUpdate = false;
    proxy.userData.body = info;
    proxies.push(proxy);
    (group ?? scene).add(proxy);
  };
  for (const k of GROUP_BODIES) {
    const g = new Group();
    g.name = k;
    groups[k] = g;
  }
  groups.clamp.add(groups.ejector);
  groups.carriage.add(groups.screw, groups.level);
  groups.robotX.add(groups.robotZ);
  groups.robotZ.add(groups.robotY);
  for (const k of ['clamp', 'carriage', 'frontDoor', 'rearDoor', 'purge', 'cellDoor', 'robotX'] as const)
    scene.add(groups[k]);
  for (const k of GROUP_BODIES) addRigBody(k, bodies[k], groups[k]);
  addRigBody('indicators', bodies.indicators);
  addRigBody('laserBeam', bodies.laserBeam);
  addRigBody('eyeBeam', bodies.eyeBeam);
  for (const [i, c] of bodies.cleats.entries()) addRigBody(`cleat${i}`, c);
  const rig = new Rig(rigParts, materials.rig);
  scene.add(rig.mesh);

  const parts = new Instances(geometries.disc(), materials.instanced, MAX_PARTS, 'parts');
  scene.add(parts.mesh);
  const dropletsFixed = new Instances(geometries.sphere(8), materials.water, DROPLETS, 'droplets-fixed');
  const dropletsMoving = new Instances(geometries.sphere(8), materials.water, DROPLETS, 'droplets-moving');
  scene.add(dropletsFixed.mesh);
  groups.clamp.add(dropletsMoving.mesh);
  const outlines = new Outlines(materials.outline, MAX_HIGHLIGHTS + 1);
  outlines.lines.renderOrder = 10;
  scene.add(outlines.lines);
  const movingHoses = new HoseBundle(materials.hose, [HOSE_SUPPLY, HOSE_RETURN]);
  scene.add(movingHoses.mesh);

  // tag tables: boxes per tag, in each body's frame, made world boxes on demand
  const tagged: { obj: Object3D; boxes: ReadonlyMap<string, Box3> }[] = [];
  for (const o of [staticMesh, ...proxies])
    tagged.push({ obj: o, boxes: (o.userData.body as BodyInfo).boxes });
  const tags = [...new Set(tagged.flatMap((t) => [...t.boxes.keys()]).filter((t) => t !== ''))].sort();
  const tmp = new Box3();
  const box = (tag: string): Box3 | undefined => {
    const out = new Box3();
    let any = false;
    for (const t of tagged)
      for (const [k, bx] of t.boxes) {
        if (k !== tag && !k.startsWith(`${tag}/`)) continue;
        out.union(tmp.copy(bx).applyMatrix4(t.obj.matrixWorld));
        any = true;
      }
    return any ? out : undefined;
  };
  scene.updateMatrixWorld();

  return {
    scene,
    materials,
    groups,
    rig,
    parts,
    dropletsFixed,
    dropletsMoving,
    outlines,
    movingHoses,
    spots,
    pickables: [staticMesh, ...proxies.filter((p) => !/^(cleat|laserBeam|eyeBeam)/.test(p.name))],
    box,
    tags,
    tcuTags,
    hoseRoutes: (openM) => hoseRoutesFor(1, PARTING_X + MOULD.half / 2 + openM),
  };
}

/** Water lines from TCU `i` to a mould half whose centre is at `xc`: supply low, return high. */
function hoseRoutesFor(i: number, xc: number): Vector3[][] {
  const [ox, oy, oz] = tcuOutlet(i);
  const w = MOULD.w / 2;
  return ([-1, 1] as const).map((k) => [
    new Vector3(ox + k * 0.05, oy, oz + 0.04),
    new Vector3(ox + k * 0.05, oy - 0.12, oz + 0.22),
    new Vector3((ox + xc) / 2 + k * 0.04, 0.62, -0.78),
    new Vector3(xc + k * 0.04, 0.92, -0.46),
    new Vector3(xc + k * 0.04, AXIS_Y + k * 0.12, -w - 0.08),
  ]);
}
