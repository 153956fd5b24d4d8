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

const leaves = (o: unknown, prefix = ''): string[] =>
  Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : leaves(v, `${prefix}${k}.`),
  );

const lookup = (o: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

describe('HMI dictionaries', () => {
  it('have the same keys in French and English, none empty', () => {
    expect(leaves(en).sort()).toEqual(leaves(fr).sort());
    for (const k of leaves(fr)) {
      expect((lookup(fr, k) as string).trim(), `fr ${k}`).not.toBe('');
      expect((lookup(en, k) as string).trim(), `en ${k}`).not.toBe('');
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
