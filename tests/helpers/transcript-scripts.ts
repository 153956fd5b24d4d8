/**
 * One script per exercise (see transcript-personas.ts): the signature each fault leaves in the shot
 * records (domain-model §4 "Signatures", §4.1), the expert's investigation, diagnosis and intervention
 * (§4 "Correct action", §5.2), the plausible wrong answer (§4 "Distractors"), the shotgun candidate's
 * changes and the unsafe variant. The scripts live in one file per family of exercises.
 */
import type { ExerciseScript } from './transcript-personas.ts';
import { f22, f23 } from './transcript-scripts-data.ts';
import { f01f25, f06, f07 } from './transcript-scripts-material.ts';
import { f04, f14, f19 } from './transcript-scripts-mould.ts';
import { f01, f02, f03 } from './transcript-scripts-process.ts';
import { f15, f16, f17, f18 } from './transcript-scripts-robotics.ts';
import { f12, f20, f22f04 } from './transcript-scripts-tooling.ts';

export { f01, f01f25, f02, f03, f04, f06, f07, f12, f14, f15, f16, f17, f18, f19, f20, f22, f22f04, f23 };

export const SCRIPTS: readonly ExerciseScript[] = [
  f01,
  f02,
  f03,
  f06,
  f07,
  f04,
  f19,
  f14,
  f12,
  f20,
  f15,
  f16,
  f17,
  f18,
  f22,
  f23,
  f22f04,
  f01f25,
];
