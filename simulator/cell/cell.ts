/**
 * The reference cell (domain-model §1.1) as one station's models, in stepping order: utilities and material
 * first, then the thermal peripherals, the machine, the mould (it reads the machine's shot), the handling
 * and inspection, and the energy meters last (they read everyone's power).
 *
 * `start: 'production'` (default) pre-settles every thermal state at its steady production value (barrel
 * PI integrals, mould nodes, TCU loops, oil, dryer pipeline) and starts in AUTOMATIC with a dosed screw, so
 * the first minutes are already steady; `start: 'cold'` starts everything at ambient with the machine in
 * MANUAL and the barrel heating.
 */
import type { Model } from '../kernel/model.ts';
import { AmbientModel } from './ambient.ts';
import { BlenderModel } from './blender.ts';
import { ConveyorModel } from './conveyor.ts';
import { DryerModel } from './dryer.ts';
import { EnergyModel } from './energy.ts';
import { HopperModel } from './hopper.ts';
import { HotRunnerModel } from './hotrunner.ts';
import { ImmModel } from './imm/imm.ts';
import { LaserModel } from './laser.ts';
import { jobFor, MATERIALS, type MaterialId } from './materials.ts';
import { MouldModel } from './mould.ts';
import { RobotModel } from './robot.ts';
import { TcuModel } from './tcu.ts';
import { VisionModel } from './vision.ts';

export interface CellOptions {
  material?: MaterialId;
  hotRunner?: boolean;
  start?: 'production' | 'cold';
}

/** equipment ids of the cell, in stepping order (`hotrunner` only with the hot-runner option) */
export const CELL_EQUIPMENT = [
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
  'laser',
  'energy',
] as const;

export function createCellModels(opts: CellOptions = {}): Model[] {
  const material = opts.material ?? 'PP';
  const hotRunner = opts.hotRunner ?? false;
  const start = opts.start ?? 'production';
  const job = jobFor(material, hotRunner);
  const m = MATERIALS[material];
  const s = job.settings;
  const ambient = new AmbientModel();
  const blender = new BlenderModel(m, `${material}-L2406-117`);
  const dryer = new DryerModel(m, m.hygroscopic);
  const hopper = new HopperModel();
  const tcu1 = new TcuModel(1, s.mouldC, start);
  const tcu2 = new TcuModel(2, s.mouldC, start);
  const hr = hotRunner ? new HotRunnerModel(s.zones[4], start) : undefined;
  const imm = new ImmModel({ job, start });
  const mould = new MouldModel(`M-${job.id}`, s.mouldC, start);
  const robot = new RobotModel();
  const conveyor = new ConveyorModel();
  const vision = new VisionModel(job);
  const laser = new LaserModel(m);
  const energy = new EnergyModel();
  if (start === 'production') {
    imm.settle();
    hr?.settle([s.zones[4], s.zones[4], s.zones[4]], imm.refs.tSurfRef);
    mould.settle(imm.refs.heatPerCircuitW, [tcu1, tcu2], hotRunner);
    dryer.settle((3.6 * imm.refs.shotMassG) / imm.refs.cycleEstS, blender, ambient);
  }
  const models: Model[] = [ambient, blender, dryer, hopper, tcu1, tcu2];
  if (hr) models.push(hr);
  models.push(imm, mould, robot, conveyor, vision, laser, energy);
  return models;
}
