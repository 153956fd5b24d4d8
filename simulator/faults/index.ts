/**
 * The fault engine and catalogue (issue 4; docs/faults.md), and the safety gestures model: append
 * `createFaultModels()` after the cell's models, then `wireStation(station, record)`.
 */
import type { Model } from '../kernel/model.ts';
import { SafetyModel } from '../safety/safety-model.ts';
import { FaultEngine } from './engine.ts';

export { CATALOGUE, FAULTS, faultDef } from './catalogue/index.ts';
export { FaultEngine, type TrainerEvent } from './engine.ts';
export { wireStation } from './wire.ts';
export { SafetyModel };

/** The fault engine (trainer-only truth) and the gestures model, in step order. */
export function createFaultModels(): Model[] {
  return [new FaultEngine(), new SafetyModel()];
}
