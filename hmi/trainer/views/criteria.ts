/** The six exam criteria in the grid's order (DESIGN.md "Who uses it"; scoring/journal-model.ts). */
export const CRITERIA = [
  'identification',
  'parameters',
  'gestures',
  'analysis',
  'investigation',
  'recommendations',
] as const;
