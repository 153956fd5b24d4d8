/**
 * SPC variables the MES charts (domain-model §6.2 "recommended charted variables"): per cavity (weight, key
 * dimension, cavity-pressure peaks and integral) and per shot (cushion, fill and dosing time, pressures,
 * cycle time, temperatures, viscosity, dryer dew point, energy). Values come from the ShotRecord.
 */
import { round } from '../common.ts';
import type { ShotFacts } from '../shot.ts';
import type { Localized } from '../types.ts';

export interface SpcVariable {
  readonly id: string;
  readonly perCavity: boolean;
  readonly unit: string;
  readonly label: Localized;
}

export const SPC_VARIABLES: readonly SpcVariable[] = [
  { id: 'weight', perCavity: true, unit: 'g', label: { fr: 'Poids pièce', en: 'Part weight' } },
  { id: 'dimension', perCavity: true, unit: 'mm', label: { fr: 'Cote clé', en: 'Key dimension' } },
  {
    id: 'cavity_peak',
    perCavity: true,
    unit: 'MPa',
    label: { fr: 'Pression empreinte max (seuil)', en: 'Cavity peak pressure (gate)' },
  },
  {
    id: 'cavity_peak_eof',
    perCavity: true,
    unit: 'MPa',
    label: { fr: "Pression empreinte max (fin d'écoulement)", en: 'Cavity peak pressure (end of flow)' },
  },
  {
    id: 'cavity_integral',
    perCavity: true,
    unit: 'MPa·s',
    label: { fr: 'Intégrale pression empreinte', en: 'Cavity-pressure integral' },
  },
  { id: 'cushion', perCavity: false, unit: 'mm', label: { fr: 'Matelas', en: 'Cushion' } },
  { id: 'fill_time', perCavity: false, unit: 's', label: { fr: 'Temps de remplissage', en: 'Fill time' } },
  { id: 'dose_time', perCavity: false, unit: 's', label: { fr: 'Temps de dosage', en: 'Dosing time' } },
  {
    id: 'peak_pressure',
    perCavity: false,
    unit: 'MPa',
    label: { fr: "Pression d'injection max", en: 'Peak injection pressure' },
  },
  {
    id: 'transfer_pressure',
    perCavity: false,
    unit: 'MPa',
    label: { fr: 'Pression à la commutation', en: 'Transfer pressure' },
  },
  { id: 'cycle_time', perCavity: false, unit: 's', label: { fr: 'Temps de cycle', en: 'Cycle time' } },
  {
    id: 'melt_temp',
    perCavity: false,
    unit: '°C',
    label: { fr: 'Température matière', en: 'Melt temperature' },
  },
  {
    id: 'mould_temp_fixed',
    perCavity: false,
    unit: '°C',
    label: { fr: 'Température moule (fixe)', en: 'Mould temperature (fixed half)' },
  },
  {
    id: 'mould_temp_moving',
    perCavity: false,
    unit: '°C',
    label: { fr: 'Température moule (mobile)', en: 'Mould temperature (moving half)' },
  },
  {
    id: 'rv',
    perCavity: false,
    unit: 'MPa·s',
    label: { fr: 'Viscosité relative (P×t)', en: 'Relative viscosity (P×t)' },
  },
  {
    id: 'dryer_dp',
    perCavity: false,
    unit: '°C',
    label: { fr: 'Point de rosée sécheur', en: 'Dryer dew point' },
  },
  {
    id: 'sec',
    perCavity: false,
    unit: 'kWh/kg',
    label: { fr: 'Consommation spécifique', en: 'Specific energy' },
  },
];

export const spcVariable = (id: string): SpcVariable | undefined => SPC_VARIABLES.find((v) => v.id === id);

export const valueKey = (variable: string, cavity: number): string =>
  cavity > 0 ? `${variable}.${cavity}` : variable;

/** The SPC values of one shot, keyed `variable` or `variable.cavity`. */
export function spcValues(f: ShotFacts): Record<string, number> {
  const v: Record<string, number> = {};
  const put = (k: string, x: number | null) => {
    if (x !== null && Number.isFinite(x)) v[k] = round(x, 5);
  };
  put('cushion', f.cushion);
  put('fill_time', f.fillTime);
  put('dose_time', f.doseTime);
  put('peak_pressure', f.peakPressure);
  put('transfer_pressure', f.transferPressure);
  put('cycle_time', f.cycleTime);
  put('melt_temp', f.meltTemp);
  put('mould_temp_fixed', f.mouldFixed);
  put('mould_temp_moving', f.mouldMoving);
  put('rv', f.rv);
  put('dryer_dp', f.dryerDp);
  put('sec', f.sec);
  for (const c of f.cavities) {
    put(`weight.${c.cavity}`, c.weight);
    put(`dimension.${c.cavity}`, c.dimension);
    put(`cavity_peak.${c.cavity}`, c.gatePeak);
    put(`cavity_peak_eof.${c.cavity}`, c.eofPeak);
    put(`cavity_integral.${c.cavity}`, c.integral);
  }
  return v;
}
