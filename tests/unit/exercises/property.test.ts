/**
 * V2 (reliability-security §5.6): a seeded fast-check property over 10,000 documents — arbitrary YAML
 * values, raw text, and random mutations of a valid exercise. The loader never throws, never reports an
 * internal error, and never accepts what the schema rejects.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseExercise } from '../../../exercises/loader.ts';
import { ExerciseSchema } from '../../../exercises/schema.ts';
import { EXERCISES_DIR } from '../../helpers/transcript-personas.ts';

const BASE = parse(readFileSync(join(EXERCISES_DIR, 'pilotage-f01-heater-band.yaml'), 'utf8')) as unknown;

function holds(input: string): boolean {
  let r: ReturnType<typeof parseExercise>;
  try {
    r = parseExercise(input, 'prop.yaml');
  } catch (e) {
    throw new Error(`the loader threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (r.ok) {
    // never accepts what the schema rejects
    expect(ExerciseSchema.safeParse(parse(input)).success).toBe(true);
  } else {
    expect(
      r.issues.every((i) => i.code !== 'internal'),
      r.issues.map((i) => i.message).join(' | '),
    ).toBe(true);
  }
  return true;
}

/** Apply random edits to a valid exercise: replace a node, delete a key, add a key. */
const mutated = fc
  .array(
    fc.record({
      pick: fc.nat(),
      op: fc.constantFrom('replace', 'delete', 'add'),
      value: fc.jsonValue({ maxDepth: 2 }),
      key: fc.string({ maxLength: 12 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => {
    const doc = structuredClone(BASE) as Record<string, unknown>;
    for (const e of edits) {
      const nodes: { parent: Record<string | number, unknown>; key: string | number }[] = [];
      const walk = (v: unknown) => {
        if (Array.isArray(v))
          v.forEach((x, i) => {
            nodes.push({ parent: v as unknown as Record<number, unknown>, key: i });
            walk(x);
          });
        else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            nodes.push({ parent: v as Record<string, unknown>, key: k });
            walk(x);
          }
        }
      };
      walk(doc);
      const n = nodes[e.pick % nodes.length]!;
      if (e.op === 'replace') n.parent[n.key] = e.value;
      else if (e.op === 'delete' && !Array.isArray(n.parent)) delete n.parent[n.key];
      else if (
        e.op === 'add' &&
        n.parent[n.key] &&
        typeof n.parent[n.key] === 'object' &&
        !Array.isArray(n.parent[n.key])
      ) {
        (n.parent[n.key] as Record<string, unknown>)[e.key] = e.value;
      }
    }
    return stringify(doc);
  });

const yamlish = fc
  .array(
    fc.constantFrom(
      'a',
      ':',
      ' ',
      '\n',
      '-',
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      '&',
      '*',
      '#',
      '!',
      '|',
      '>',
      '1',
      '\t',
      '?',
      ',',
      '%',
      '@',
      '`',
    ),
    {
      maxLength: 200,
    },
  )
  .map((cs) => cs.join(''));

describe('loader property', () => {
  it('never throws on 8,700 arbitrary YAML documents', () => {
    fc.assert(
      fc.property(
        fc.anything({ maxDepth: 4 }).map((v) => stringify(v) ?? ''),
        holds,
      ),
      { seed: 8, numRuns: 8700 },
    );
  });

  it('never throws on 1,000 raw YAML-ish texts', () => {
    fc.assert(fc.property(yamlish, holds), { seed: 9, numRuns: 1000 });
  });

  it('never throws and never accepts what the schema rejects, on 300 mutated exercises', () => {
    fc.assert(fc.property(mutated, holds), { seed: 10, numRuns: 300 });
  });
});
