/**
 * Equipment of the cell as the HMI names and places it. The signal model has no equipment label, so known
 * ids (and id patterns: `tcu1`, `tcu2`…) get a label from the dictionaries; anything else shows its id.
 */
import { t } from '../i18n.ts';

export type Kind =
  | 'imm'
  | 'mould'
  | 'tcu'
  | 'dryer'
  | 'blender'
  | 'hopper'
  | 'ambient'
  | 'hot_runner'
  | 'robot'
  | 'conveyor'
  | 'vision'
  | 'laser'
  | 'energy'
  | 'safety'
  | 'other';

const PATTERNS: [RegExp, Kind][] = [
  [/^(imm|machine|press)\d*$/, 'imm'],
  [/^(mould|mold)\d*$/, 'mould'],
  [/^tcu\d*$/, 'tcu'],
  [/^dryer\d*$/, 'dryer'],
  [/^(blender|loader)\d*$/, 'blender'],
  [/^hopper\d*$/, 'hopper'],
  [/^(ambient|environment|shop)\d*$/, 'ambient'],
  [/^(hot_?runner|hr)\d*$/, 'hot_runner'],
  [/^robot\d*$/, 'robot'],
  [/^conveyor\d*$/, 'conveyor'],
  [/^(vision|camera)\d*$/, 'vision'],
  [/^(laser|marking|marker)\d*$/, 'laser'],
  [/^(energy|meters?|power)\d*$/, 'energy'],
  [/^(safety|cell|guards?)\d*$/, 'safety'],
];

export function kindOf(equipment: string): Kind {
  for (const [re, k] of PATTERNS) if (re.test(equipment)) return k;
  return 'other';
}

export function equipmentLabel(equipment: string): string {
  const k = kindOf(equipment);
  if (k === 'other') return equipment.toUpperCase();
  const n = /(\d+)$/.exec(equipment)?.[1];
  return n && k !== 'imm' ? `${t(`equipment.${k}`)} ${n}` : t(`equipment.${k}`);
}

/** Display order of equipment: the process flow of the cell. */
const ORDER: Kind[] = [
  'imm',
  'mould',
  'hot_runner',
  'tcu',
  'dryer',
  'blender',
  'hopper',
  'robot',
  'vision',
  'laser',
  'conveyor',
  'energy',
  'ambient',
  'safety',
  'other',
];
export const byFlow = (a: string, b: string): number =>
  ORDER.indexOf(kindOf(a)) - ORDER.indexOf(kindOf(b)) || a.localeCompare(b);
