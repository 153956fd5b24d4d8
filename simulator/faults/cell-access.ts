/**
 * The cell models a fault acts on, resolved once per station, and the reset of their fault surfaces to
 * nominal (simulator/cell/fault-surface.ts). Every active fault is re-applied on top of nominal whenever a
 * level changes, so several faults compose and a cleared one leaves nothing behind.
 */
import type { AmbientModel } from '../cell/ambient.ts';
import type { BlenderModel } from '../cell/blender.ts';
import type { ConveyorModel } from '../cell/conveyor.ts';
import type { DryerModel } from '../cell/dryer.ts';
import type { EnergyModel } from '../cell/energy.ts';
import {
  nominalAmbientFaults,
  nominalBlenderFaults,
  nominalConveyorFaults,
  nominalDryerFaults,
  nominalHopperFaults,
  nominalHotRunnerFaults,
  nominalImmFaults,
  nominalMouldFaults,
  nominalRobotFaults,
  nominalTcuFaults,
  nominalVisionFaults,
} from '../cell/fault-surface.ts';
import type { HopperModel } from '../cell/hopper.ts';
import type { HotRunnerModel } from '../cell/hotrunner.ts';
import type { ImmModel } from '../cell/imm/imm.ts';
import type { MouldModel } from '../cell/mould.ts';
import type { RobotModel } from '../cell/robot.ts';
import type { TcuModel } from '../cell/tcu.ts';
import type { VisionModel } from '../cell/vision.ts';
import type { Model } from '../kernel/model.ts';

export interface Cell {
  readonly ambient?: AmbientModel;
  readonly blender?: BlenderModel;
  readonly dryer?: DryerModel;
  readonly hopper?: HopperModel;
  readonly tcu1?: TcuModel;
  readonly tcu2?: TcuModel;
  readonly hotrunner?: HotRunnerModel;
  readonly imm?: ImmModel;
  readonly mould?: MouldModel;
  readonly robot?: RobotModel;
  readonly conveyor?: ConveyorModel;
  readonly vision?: VisionModel;
  readonly energy?: EnergyModel;
}

export const CELL_IDS = [
  'ambient',
  'blender',
  'dryer',
  'hopper',
  'tcu1',
  'tcu2',
  'hotrunner',
  'imm',
  'mould',
  'robot',
  'conveyor',
  'vision',
  'energy',
] as const;

/** Resolve the cell's models of a station (absent ones stay undefined). */
export function resolveCell(get: (id: string) => Model | undefined): Cell {
  const out: Record<string, Model> = {};
  for (const id of CELL_IDS) {
    const m = get(id);
    if (m) out[id] = m;
  }
  return out as Cell;
}

/** Put every fault surface of the cell back to nominal (fresh objects: the models read them each step). */
export function resetSurfaces(c: Cell): void {
  if (c.imm) c.imm.faults = nominalImmFaults();
  if (c.mould) c.mould.faults = nominalMouldFaults();
  if (c.tcu1) c.tcu1.faults = nominalTcuFaults();
  if (c.tcu2) c.tcu2.faults = nominalTcuFaults();
  if (c.dryer) c.dryer.faults = nominalDryerFaults();
  if (c.blender) c.blender.faults = nominalBlenderFaults();
  if (c.hopper) c.hopper.faults = nominalHopperFaults();
  if (c.robot) c.robot.faults = nominalRobotFaults();
  if (c.conveyor) c.conveyor.faults = nominalConveyorFaults();
  if (c.vision) c.vision.faults = nominalVisionFaults();
  if (c.hotrunner) c.hotrunner.faults = nominalHotRunnerFaults();
  if (c.ambient) c.ambient.faults = nominalAmbientFaults();
}

/** taxonomy equipment of a TCU → the cell's model id (A = fixed half = tcu1, B = moving half = tcu2) */
export const TCU_OF: Readonly<Record<string, 'tcu1' | 'tcu2'>> = { tcu_fixed: 'tcu1', tcu_moving: 'tcu2' };
