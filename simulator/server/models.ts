/**
 * The models of one station, in stepping order: the cell (issue 3), its MES/ERP/GMAO (issue 9), then the
 * fault engine and the safety gestures (issue 4).
 */
import { createCellModels } from '../cell/cell.ts';
import { createFaultModels } from '../faults/index.ts';
import { createMesModels } from '../mes/index.ts';
import type { LabConfig } from '../session/config.ts';
import type { ModelFactory } from '../session/lab.ts';

export function cellFactory(config: LabConfig): ModelFactory {
  return () => {
    const material = config.stations.material;
    const cell = createCellModels({ material, hotRunner: config.stations.hotRunner });
    // `peers`: the MES declares only the EUROMAP 77 nodes the machine does not already have, and drives
    // the machine through its mesLink hooks
    return [...cell, ...createMesModels({ material, peers: cell }), ...createFaultModels()];
  };
}
