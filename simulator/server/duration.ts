/** Parse a duration such as `8h`, `30m`, `90s`, `1h30m`, `250ms` into milliseconds; errors name the input. */
export function parseDuration(text: string, field = 'duration'): number {
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  const s = text.trim();
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while ((m = re.exec(s))) {
    const v = Number(m[1]);
    total += m[2] === 'h' ? v * 3_600_000 : m[2] === 'm' ? v * 60_000 : m[2] === 's' ? v * 1000 : v;
    pos = re.lastIndex;
  }
  if (pos !== s.length || s.length === 0) {
    throw new Error(`${field}: "${text}" is not a duration (examples: 8h, 30m, 90s, 1h30m)`);
  }
  if (total <= 0 || total > 7 * 24 * 3_600_000) {
    throw new Error(`${field}: ${text} must be above 0 and at most 7 days`);
  }
  return Math.round(total);
}
