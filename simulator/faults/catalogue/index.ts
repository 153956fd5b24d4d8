/** The 25 faults of domain-model §4, as data (issue 4). */
import type { FaultDef } from '../types.ts';
import { F01, F02, F11, F19 } from './barrel.ts';
import { F14, F21, F22, F23 } from './data.ts';
import { F15, F16, F17, F18 } from './handling.ts';
import { F03, F09, F10, F12, F13, F20 } from './machine.ts';
import { F06, F07, F08, F25 } from './material.ts';
import { F04, F05, F24 } from './thermal.ts';

export const CATALOGUE: readonly FaultDef[] = [
  F01,
  F02,
  F03,
  F04,
  F05,
  F06,
  F07,
  F08,
  F09,
  F10,
  F11,
  F12,
  F13,
  F14,
  F15,
  F16,
  F17,
  F18,
  F19,
  F20,
  F21,
  F22,
  F23,
  F24,
  F25,
];

export const FAULTS: ReadonlyMap<string, FaultDef> = new Map(CATALOGUE.map((f) => [f.id, f]));

export function faultDef(id: string): FaultDef | undefined {
  return FAULTS.get(id);
}
