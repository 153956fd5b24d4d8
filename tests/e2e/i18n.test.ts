/**
 * Every string of the HMI exists in French and English (issue 6): the two dictionaries have the same
 * keys (the `Messages` type enforces it at compile time; this checks the values are non-empty), and every
 * literal key the screens ask for — `t('…')` and the navigation keys — resolves in both.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../hmi/i18n/en.ts';
import { fr } from '../../hmi/i18n/fr.ts';

const HMI = join(import.meta.dirname, '..', '..', 'hmi');

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (f === 'dist' || f === 'i18n' || f === 'twin') return [];
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });

/** Paths of every string (a path, not a dotted key: some keys contain dots, e.g. `group.safety.ppe`). */
const leaves = (o: unknown, prefix: string[] = []): string[][] =>
  Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === 'string' ? [[...prefix, k]] : leaves(v, [...prefix, k]),
  );

const at = (o: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

/** A dotted key as i18next resolves it: nested first, then a flat key holding dots below a group. */
function lookup(o: unknown, key: string): unknown {
  const parts = key.split('.');
  for (let i = parts.length; i >= 1; i--) {
    const v = at(o, [...parts.slice(0, i - 1), parts.slice(i - 1).join('.')]);
    if (v !== undefined) return v;
  }
  return undefined;
}

describe('HMI dictionaries', () => {
  it('have the same keys in French and English, none empty', () => {
    const keys = (o: unknown) =>
      leaves(o)
        .map((p) => p.join('/'))
        .sort();
    expect(keys(en)).toEqual(keys(fr));
    for (const p of leaves(fr)) {
      expect((at(fr, p) as string).trim(), `fr ${p.join('/')}`).not.toBe('');
      expect((at(en, p) as string).trim(), `en ${p.join('/')}`).not.toBe('');
    }
  });

  it('hold every literal key the screens use', () => {
    const used = new Set<string>();
    for (const f of sources(HMI)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\bnav: '([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    for (const k of used) {
      expect(typeof lookup(fr, k), `fr ${k}`).toBe('string');
      expect(typeof lookup(en, k), `en ${k}`).toBe('string');
    }
  });
});
