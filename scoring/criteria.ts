/**
 * The six criteria (DESIGN.md "Who uses it"; domain-model §6.6 maps the evidence to them). Each returns
 * its items — checks and penalties citing journal entries — and the criterion's automatic score.
 * The rules and their weights are documented in docs/scoring.md; the per-exercise numbers come from the
 * exercise's `rubric.rules`. One file per criterion under scoring/criteria/.
 */
export { analysis } from './criteria/analysis.ts';
export { type Detection, detect, type ForbiddenHit, forbiddenHits, lastFix } from './criteria/common.ts';
export { gestures } from './criteria/gestures.ts';
export { identification } from './criteria/identification.ts';
export { investigation } from './criteria/investigation.ts';
export { parameters } from './criteria/parameters.ts';
export { recommendations } from './criteria/recommendations.ts';
