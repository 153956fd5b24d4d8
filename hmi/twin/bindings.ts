/**
 * What the twin shows, bound to signals found in the station's key table (DESIGN.md principle 1: HMI
 * bindings come from the signal model). A binding is an equipment-id pattern and a local-id pattern
 * (`imm` + `mould_position`, `tcu<n>` + `supply_temp`…), so any station exposing those shapes animates,
 * and a missing signal just leaves its part of the scene at rest with "—" in its label.
 *
 * Only what the candidate's own key table holds can be bound: the twin never asks for anything else, and
 * shows symptoms computed from process values (DESIGN.md principle 5), never a fault state.
 */
import type { WireSignalMeta, WireValue } from '../../simulator/server/realtime/wire.ts';

export type Meta = WireSignalMeta;

const EQ = {
  imm: /^(imm|machine|press)\d*$/,
  mould: /^(mould|mold)\d*$/,
  tcu: /^tcu\d*$/,
  robot: /^robot\d*$/,
  conveyor: /^conveyor\d*$/,
  vision: /^(vision|camera)\d*$/,
  laser: /^(laser|marking|marker)\d*$/,
  hopper: /^(hopper|loader)\d*$/,
  dryer: /^dryer\d*$/,
  ambient: /^(ambient|environment|shop)\d*$/,
  blender: /^blender\d*$/,
} as const;

export const localId = (m: Meta): string => m.key.slice(m.equipment.length + 1);

function find(keys: readonly Meta[], eq: RegExp, local: RegExp): Meta | undefined {
  return keys.find((k) => eq.test(k.equipment) && local.test(localId(k)));
}

export interface ZoneBinding {
  readonly n: number;
  readonly actual: Meta;
  readonly sp?: Meta | undefined;
}
export interface TcuBinding {
  readonly equipment: string;
  /** 1-based order of the unit (TCU 1 feeds the fixed half by convention) */
  readonly n: number;
  readonly supply?: Meta | undefined;
  readonly ret?: Meta | undefined;
  readonly flow?: Meta | undefined;
  readonly sp?: Meta | undefined;
  readonly pump?: Meta | undefined;
}
export interface CircuitBinding {
  readonly id: string;
  /** circuits A… on the fixed half, B… on the moving half */
  readonly half: 'fixed' | 'moving';
  readonly surface: Meta;
}
export interface CavitySensorBinding {
  readonly id: string;
  readonly cavity: number;
  readonly position: 'gate' | 'eof';
  readonly meta: Meta;
}

export interface Bindings {
  readonly equipment: readonly string[];
  readonly imm?: string | undefined;
  readonly mould?: string | undefined;
  readonly cycleState?: Meta | undefined;
  readonly mode?: Meta | undefined;
  readonly mouldPosition?: Meta | undefined;
  readonly ejectorPosition?: Meta | undefined;
  readonly screwPosition?: Meta | undefined;
  readonly carriageForward?: Meta | undefined;
  readonly zones: readonly ZoneBinding[];
  readonly frontGuard?: Meta | undefined;
  readonly rearGuard?: Meta | undefined;
  readonly purgeGuard?: Meta | undefined;
  readonly estop?: Meta | undefined;
  readonly oilTemp?: Meta | undefined;
  readonly robot: {
    readonly equipment?: string | undefined;
    readonly x?: Meta | undefined;
    readonly y?: Meta | undefined;
    readonly z?: Meta | undefined;
    readonly vacuum?: Meta | undefined;
    readonly partPresent?: Meta | undefined;
    readonly mode?: Meta | undefined;
    readonly door?: Meta | undefined;
    readonly step?: Meta | undefined;
  };
  readonly conveyor: {
    readonly equipment?: string | undefined;
    readonly run?: Meta | undefined;
    readonly speed?: Meta | undefined;
    readonly eye?: Meta | undefined;
    readonly delivered?: Meta | undefined;
    readonly tripped?: Meta | undefined;
  };
  readonly vision: {
    readonly equipment?: string | undefined;
    readonly result?: Meta | undefined;
    readonly inspected?: Meta | undefined;
    readonly rejected?: Meta | undefined;
  };
  readonly laser: { readonly equipment?: string | undefined; readonly marking?: Meta | undefined };
  readonly tcus: readonly TcuBinding[];
  readonly mouldTemps: { readonly fixed?: Meta | undefined; readonly moving?: Meta | undefined };
  readonly circuits: readonly CircuitBinding[];
  readonly cavitySensors: readonly CavitySensorBinding[];
  readonly dewPoint?: Meta | undefined;
  readonly ambientTemp?: Meta | undefined;
  readonly hopperLevel?: Meta | undefined;
  readonly hopper?: string | undefined;
  readonly dryer: {
    readonly equipment?: string | undefined;
    readonly dewPoint?: Meta | undefined;
    readonly temp?: Meta | undefined;
    readonly running?: Meta | undefined;
  };
  readonly stackLight?: Meta | undefined;
  /** every bound signal, for replay queries */
  readonly all: readonly Meta[];
}

const num = (s: string): number => Number(/(\d+)/.exec(s)?.[1] ?? 0);

export function bind(keys: readonly Meta[]): Bindings {
  const f = (eq: RegExp, local: RegExp) => find(keys, eq, local);
  const equipment = [...new Set(keys.map((k) => k.equipment))];
  const eqOf = (re: RegExp) => equipment.find((e) => re.test(e));
  const zones: ZoneBinding[] = keys
    .filter((k) => EQ.imm.test(k.equipment) && /^zone\d+\.temp_actual$/.test(localId(k)))
    .map((actual) => {
      const n = num(localId(actual));
      return { n, actual, sp: f(EQ.imm, new RegExp(`^zone${n}\\.temp_(sp|set)$`)) };
    })
    .sort((a, b) => a.n - b.n);
  const tcus: TcuBinding[] = equipment
    .filter((e) => EQ.tcu.test(e))
    .sort((a, b) => num(a) - num(b))
    .map((e, i) => {
      const g = (local: RegExp) => find(keys, new RegExp(`^${e}$`), local);
      return {
        equipment: e,
        n: num(e) || i + 1,
        supply: g(/^supply_temp$/),
        ret: g(/^return_temp$/),
        flow: g(/^flow$/),
        sp: g(/^temp_sp$/),
        pump: g(/^pump_running$/),
      };
    });
  const circuits: CircuitBinding[] = keys
    .filter((k) => EQ.mould.test(k.equipment) && /^circuit_[a-z]\d*\.surface_temp$/i.test(localId(k)))
    .map((surface) => {
      const id = /^circuit_([a-z]\d*)/i.exec(localId(surface))![1]!.toUpperCase();
      return { id, half: id.startsWith('A') ? ('fixed' as const) : ('moving' as const), surface };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  const cavitySensors: CavitySensorBinding[] = keys
    .filter((k) => EQ.mould.test(k.equipment) && /^cavity\d+\.(gate|eof)_pressure$/.test(localId(k)))
    .map((meta) => {
      const [, c, p] = /^cavity(\d+)\.(gate|eof)_pressure$/.exec(localId(meta))!;
      return {
        id: `${p === 'gate' ? 'G' : 'E'}${c}`,
        cavity: Number(c),
        position: p as 'gate' | 'eof',
        meta,
      };
    })
    .sort((a, b) => a.cavity - b.cavity || a.position.localeCompare(b.position));
  const b: Omit<Bindings, 'all'> = {
    equipment,
    imm: eqOf(EQ.imm),
    mould: eqOf(EQ.mould),
    cycleState: f(EQ.imm, /^cycle_state$/),
    mode: f(EQ.imm, /^mode$/),
    mouldPosition: f(EQ.imm, /^(mould|platen)_position$/),
    ejectorPosition: f(EQ.imm, /^ejector_position$/),
    screwPosition: f(EQ.imm, /^screw_position$/),
    carriageForward: f(EQ.imm, /^carriage_forward$/),
    zones,
    frontGuard: f(EQ.imm, /^(safety\.)?front_guard_closed$/),
    rearGuard: f(EQ.imm, /^(safety\.)?rear_guard_closed$/),
    purgeGuard: f(EQ.imm, /^(safety\.)?purge_guard_closed$/),
    estop: f(EQ.imm, /^(safety\.)?estop_active$/),
    oilTemp: f(EQ.imm, /^oil\.temp$/),
    robot: {
      equipment: eqOf(EQ.robot),
      x: f(EQ.robot, /^axis_x\.position$/),
      y: f(EQ.robot, /^axis_y\.position$/),
      z: f(EQ.robot, /^axis_z\.position$/),
      vacuum: f(EQ.robot, /^vacuum$/),
      partPresent: f(EQ.robot, /^part_present$/),
      mode: f(EQ.robot, /^mode$/),
      door: f(EQ.robot, /^cell_door_closed$/),
      step: f(EQ.robot, /^cycle_step$/),
    },
    conveyor: {
      equipment: eqOf(EQ.conveyor),
      run: f(EQ.conveyor, /^run$/),
      speed: f(EQ.conveyor, /^speed$/),
      eye: f(EQ.conveyor, /^photo_eye$/),
      delivered: f(EQ.conveyor, /^parts_delivered$/),
      tripped: f(EQ.conveyor, /^tripped$/),
    },
    vision: {
      equipment: eqOf(EQ.vision),
      result: f(EQ.vision, /^last_result$/),
      inspected: f(EQ.vision, /^inspected$/),
      rejected: f(EQ.vision, /^rejected$/),
    },
    laser: { equipment: eqOf(EQ.laser), marking: f(EQ.laser, /^marking$/) },
    tcus,
    mouldTemps: { fixed: f(EQ.mould, /^temp_fixed$/), moving: f(EQ.mould, /^temp_moving$/) },
    circuits,
    cavitySensors,
    dewPoint: f(EQ.ambient, /^dew_point$/),
    ambientTemp: f(EQ.ambient, /^temp$/),
    hopperLevel: f(EQ.hopper, /^level$/),
    hopper: eqOf(EQ.hopper),
    dryer: {
      equipment: eqOf(EQ.dryer),
      dewPoint: f(EQ.dryer, /^dew_point$/),
      temp: f(EQ.dryer, /^process_air_temp$/),
      running: f(EQ.dryer, /^running$/),
    },
    stackLight: keys.find((k) => /stack_?light|beacon/.test(k.key) && k.type === 'enum'),
  };
  const all = new Set<Meta>();
  const collect = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if ('key' in x && 'equipment' in x && 'type' in x) {
      all.add(x as Meta);
      return;
    }
    for (const v of Array.isArray(x) ? x : Object.values(x)) collect(v);
  };
  collect(b);
  return { ...b, all: [...all] };
}

// ---- readings: the bound values at one instant, typed ---------------------------------------------------

export type Get = (key: string) => WireValue | null | undefined;
export type GetQ = (key: string) => number;

export interface ZoneReading {
  readonly n: number;
  readonly actual: number | null;
  readonly sp: number | null;
  readonly bad: boolean;
}

export interface Readings {
  readonly phase: string | null;
  readonly mode: string | null;
  readonly mouldMm: number | null;
  readonly ejectorMm: number | null;
  readonly screwMm: number | null;
  readonly carriageFwd: boolean | null;
  readonly zones: readonly ZoneReading[];
  readonly frontGuard: boolean | null;
  readonly rearGuard: boolean | null;
  readonly purgeGuard: boolean | null;
  readonly estop: boolean | null;
  readonly robot: {
    readonly x: number | null;
    readonly y: number | null;
    readonly z: number | null;
    readonly vacuum: number | null;
    readonly part: boolean | null;
    readonly mode: string | null;
    readonly door: boolean | null;
    readonly step: string | null;
  };
  readonly conveyor: {
    readonly run: boolean | null;
    readonly speed: number | null;
    readonly eye: boolean | null;
    readonly delivered: number | null;
    readonly tripped: boolean | null;
  };
  readonly vision: {
    readonly result: string | null;
    readonly inspected: number | null;
    readonly rejected: number | null;
  };
  readonly laserMarking: boolean | null;
  readonly tcus: readonly {
    readonly equipment: string;
    readonly supply: number | null;
    readonly ret: number | null;
    readonly flow: number | null;
    readonly pump: boolean | null;
  }[];
  readonly mouldFixed: number | null;
  readonly mouldMoving: number | null;
  readonly circuits: readonly {
    readonly id: string;
    readonly half: 'fixed' | 'moving';
    readonly surface: number | null;
  }[];
  readonly cavity: readonly { readonly id: string; readonly value: number | null }[];
  readonly dewPoint: number | null;
  readonly ambientTemp: number | null;
  readonly hopperLevel: number | null;
  readonly oilTemp: number | null;
  readonly dryer: {
    readonly dewPoint: number | null;
    readonly temp: number | null;
    readonly running: boolean | null;
  };
  readonly stackLight: string | null;
}

export function numOf(get: Get, m: Meta | undefined): number | null {
  if (!m) return null;
  const v = get(m.key);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

export function boolOf(get: Get, m: Meta | undefined): boolean | null {
  if (!m) return null;
  const v = get(m.key);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return null;
}

/** An enum's value by name (the wire carries its index). */
export function enumOf(get: Get, m: Meta | undefined): string | null {
  if (!m) return null;
  const v = get(m.key);
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return m.enumValues?.[v] ?? String(v);
  return String(v);
}

export function read(b: Bindings, get: Get, getQ: GetQ = () => 0): Readings {
  const n = (m: Meta | undefined) => numOf(get, m);
  const bo = (m: Meta | undefined) => boolOf(get, m);
  const en = (m: Meta | undefined) => enumOf(get, m);
  return {
    phase: en(b.cycleState),
    mode: en(b.mode),
    mouldMm: n(b.mouldPosition),
    ejectorMm: n(b.ejectorPosition),
    screwMm: n(b.screwPosition),
    carriageFwd: bo(b.carriageForward),
    zones: b.zones.map((z) => ({ n: z.n, actual: n(z.actual), sp: n(z.sp), bad: getQ(z.actual.key) === 2 })),
    frontGuard: bo(b.frontGuard),
    rearGuard: bo(b.rearGuard),
    purgeGuard: bo(b.purgeGuard),
    estop: bo(b.estop),
    robot: {
      x: n(b.robot.x),
      y: n(b.robot.y),
      z: n(b.robot.z),
      vacuum: n(b.robot.vacuum),
      part: bo(b.robot.partPresent),
      mode: en(b.robot.mode),
      door: bo(b.robot.door),
      step: en(b.robot.step),
    },
    conveyor: {
      run: bo(b.conveyor.run),
      speed: n(b.conveyor.speed),
      eye: bo(b.conveyor.eye),
      delivered: n(b.conveyor.delivered),
      tripped: bo(b.conveyor.tripped),
    },
    vision: { result: en(b.vision.result), inspected: n(b.vision.inspected), rejected: n(b.vision.rejected) },
    laserMarking: bo(b.laser.marking),
    tcus: b.tcus.map((u) => ({
      equipment: u.equipment,
      supply: n(u.supply),
      ret: n(u.ret),
      flow: n(u.flow),
      pump: bo(u.pump),
    })),
    mouldFixed: n(b.mouldTemps.fixed),
    mouldMoving: n(b.mouldTemps.moving),
    circuits: b.circuits.map((c) => ({ id: c.id, half: c.half, surface: n(c.surface) })),
    cavity: b.cavitySensors.map((c) => ({ id: c.id, value: n(c.meta) })),
    dewPoint: n(b.dewPoint),
    ambientTemp: n(b.ambientTemp),
    hopperLevel: n(b.hopperLevel),
    oilTemp: n(b.oilTemp),
    dryer: { dewPoint: n(b.dryer.dewPoint), temp: n(b.dryer.temp), running: bo(b.dryer.running) },
    stackLight: en(b.stackLight),
  };
}
