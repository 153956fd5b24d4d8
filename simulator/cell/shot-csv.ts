/** One CSV row per shot for `plastlab simulate` (issue 3): column names and units are part of the contract. */
import { DEFECT_TYPES, type ShotRecord } from './shot-record.ts';

export const SHOT_CSV_COLUMNS = [
  'shot_id',
  't_start',
  'cycle_time',
  'fill_time',
  'hold_time',
  'cool_time',
  'dose_time',
  'peak_inj_pressure',
  'transfer_pressure',
  'cushion_end',
  'melt_T',
  'mould_T_fixed',
  'mould_T_moving',
  'weight_cav1',
  'weight_cav2',
  'cav1_gate_pmax',
  'cav2_gate_pmax',
  'dryer_dp',
  'resin_moisture',
  'energy_kwh',
  'sec',
  'quality',
  'defects',
] as const;

export const shotCsvHeader = (): string => SHOT_CSV_COLUMNS.join(',');

const num = (v: number, digits: number): string =>
  Number.isFinite(v) ? String(Number(v.toFixed(digits))) : '';

/** A CSV row (no trailing newline). Units: s, MPa, mm, °C, g, %, kWh, kWh/kg; defects `;`-separated. */
export function shotToCsvRow(r: ShotRecord): string {
  const present = new Set(r.defects.map((d) => d.type));
  const defects = DEFECT_TYPES.filter((d) => present.has(d)).join(';');
  const gate = (i: number) => r.cavity_pressure[i]?.pmax ?? Number.NaN;
  return [
    String(r.shot_id),
    num(r.t_start, 3),
    num(r.cycle_time, 3),
    num(r.times.fill, 3),
    num(r.times.hold, 3),
    num(r.times.cool, 3),
    num(r.times.dose, 3),
    num(r.peak_inj_pressure, 2),
    num(r.transfer_pressure, 2),
    num(r.cushion_end, 3),
    num(r.melt_T, 2),
    num(r.mould.T_fixed, 2),
    num(r.mould.T_moving, 2),
    num(r.weights[0], 3),
    num(r.weights[1], 3),
    num(gate(0), 2),
    num(gate(2), 2),
    num(r.dryer_dp, 2),
    num(r.resin_moisture, 4),
    num(r.energy.kwh_total, 5),
    num(r.energy.sec, 3),
    r.quality,
    defects,
  ].join(',');
}
