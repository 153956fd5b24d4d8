import type { z } from 'zod';

/** A validation error whose message names the field (JSON path) and the limit. */
export class ValidationError extends Error {
  readonly issues: readonly string[];
  constructor(context: string, issues: readonly string[]) {
    super(`${context}: ${issues.join('; ')}`);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** `faults[2].target.tag` style path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

export function formatZodIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((i) => {
    const path = formatPath([...(prefix ? [prefix] : []), ...i.path]);
    return `${path}: ${i.message}`;
  });
}
