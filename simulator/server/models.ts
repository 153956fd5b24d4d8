/** The models of one station: the cell (issue 3), the fault engine and the safety gestures (issue 4). */
import { createCellModels } from '../cell/cell.ts';
import { createFaultModels } from '../faults/index.ts';
import type { LabConfig } from '../session/config.ts';
import type { ModelFactory } from '../session/lab.ts';

export function cellFactory(config: LabConfig): ModelFactory {
  return () => [...createCellModels({ material: config.stations.material }), ...createFaultModels()];
}
