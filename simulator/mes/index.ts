/**
 * MES, ERP and GMAO around the cell (issue 9; docs/mes.md). `createMesModels(opts)` gives the three station
 * models to append after the cell's models:
 *
 *   const cell = createCellModels(...);
 *   return [...cell, ...createMesModels({ material, peers: cell })];
 *
 * `peers` lets the MES declare only the EUROMAP 77 job-interface nodes the machine does not declare itself.
 */
import type { Model } from '../kernel/model.ts';
import { ErpModel } from './erp/erp-model.ts';
import { defaultLotOf, type MaterialId } from './erp/seed.ts';
import { GmaoModel } from './gmao/gmao-model.ts';
import { MesModel, type MesOptions } from './mes/mes-model.ts';

export type { MesMachineLink } from './machine-link.ts';
export type { MaterialId, MesOptions };
export { ErpModel, GmaoModel, MesModel };

export interface CreateMesOptions extends Partial<Omit<MesOptions, 'material'>> {
  readonly material?: MaterialId;
}

/** The ERP, MES and GMAO models of one station, in step order. */
export function createMesModels(opts: CreateMesOptions = {}): Model[] {
  const material = opts.material ?? 'PP';
  const seed = opts.seed ?? true;
  return [
    new ErpModel({ material, currentLot: defaultLotOf(material), seed }),
    new MesModel({ ...opts, material, seed }),
    new GmaoModel({ seed }),
  ];
}

/** The MES model of a station, if it has one. */
export const mesOf = (st: { model<T extends Model>(id: string): T | undefined }): MesModel | undefined =>
  st.model<MesModel>('mes');
