/** The models of one station: the cell (issue 3). */
import { createCellModels } from '../cell/cell.ts';
import type { LabConfig } from '../session/config.ts';
import type { ModelFactory } from '../session/lab.ts';

export function cellFactory(config: LabConfig): ModelFactory {
  return () => createCellModels({ material: config.stations.material });
}
