/**
 * `{var}` placeholders of exercise files: the variables of the component option drawn for a candidate
 * (e.g. `imm.{zone}.temp_sp` → `imm.zone3.temp_sp`). Substitution is plain text; a missing variable is
 * left in place and reported by the loader's cross-reference pass.
 */

export type Scalar = number | string | boolean;
export type Vars = Readonly<Record<string, Scalar>>;

const VAR_RE = /\{([a-z][a-z0-9_]*)\}/g;

export function substitute(text: string, vars: Vars): string {
  if (!text.includes('{')) return text;
  return text.replace(VAR_RE, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

/** Names of the variables a string uses. */
export function varsIn(text: string): string[] {
  if (!text.includes('{')) return [];
  return [...text.matchAll(VAR_RE)].map((m) => m[1]!);
}

/** A deep copy with every string substituted (keys untouched). */
export function substituteDeep<T>(value: T, vars: Vars): T {
  if (typeof value === 'string') return substitute(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, vars)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteDeep(v, vars);
    return out as T;
  }
  return value;
}

/** Every string of a value with its path, for the cross-reference pass. */
export function stringsWithPaths(
  value: unknown,
  path: (string | number)[] = [],
  out: { path: (string | number)[]; text: string }[] = [],
): { path: (string | number)[]; text: string }[] {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value))
    value.forEach((v, i) => {
      stringsWithPaths(v, [...path, i], out);
    });
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) stringsWithPaths(v, [...path, k], out);
  }
  return out;
}
