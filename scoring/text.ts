/**
 * Keyword matching on the candidate's free text (diagnosis explanation, symptoms, recommendations):
 * case- and accent-insensitive; an occurrence preceded closely by a negation ("ne pas", "sans", "do not",
 * "never"…) does not count, so "ne pas augmenter la température" does not match "augmenter la température".
 * Deliberately simple and documented (docs/scoring.md): the trainer can override a criterion.
 */

export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'")
    .replace(/[œ]/g, 'oe')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

const NEGATIONS = [
  'ne pas ',
  "n'est pas",
  'pas de ',
  "pas d'",
  'sans ',
  'jamais ',
  'ni ',
  'eviter ',
  'eviter de ',
  'surtout pas',
  'do not ',
  "don't ",
  'not ',
  'never ',
  'avoid ',
  'no ',
  'without ',
  'rather than ',
  'plutot que ',
  'au lieu de ',
  'instead of ',
];

/** Characters before an occurrence searched for a negation. */
const NEGATION_WINDOW = 28;

/** True if `phrase` occurs in `text` at least once without a negation just before it. */
export function mentions(text: string, phrase: string): boolean {
  const t = normalise(text);
  const p = normalise(phrase).trim();
  if (!p) return false;
  let from = 0;
  for (;;) {
    const i = t.indexOf(p, from);
    if (i < 0) return false;
    const before = t.slice(Math.max(0, i - NEGATION_WINDOW), i);
    const cut = Math.max(before.lastIndexOf('.'), before.lastIndexOf(';'), before.lastIndexOf(','));
    const clause = cut >= 0 ? before.slice(cut + 1) : before;
    if (!NEGATIONS.some((n) => clause.includes(n))) return true;
    from = i + 1;
  }
}

/** The first phrase of `any` that `text` mentions, or undefined. */
export function firstMention(text: string, any: readonly string[]): string | undefined {
  return any.find((p) => mentions(text, p));
}
