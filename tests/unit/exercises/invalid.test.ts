/**
 * Invalid exercise files (reliability-security §4.1, V1): hand-written fixtures with their exact expected
 * message, then a systematic corpus generated from a valid exercise — an unknown key at every depth, a type
 * swap at every other leaf, every other field removed, out-of-range values, dangling references,
 * duplicates — and hostile inputs (10 MB, 1,000-deep nesting, `__proto__`, alias bombs, binary). Every
 * rejection names the file, a line and the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  type ExerciseIssue,
  formatPath,
  LIMITS,
  type LoadResult,
  parseExercise,
} from '../../../exercises/loader.ts';
import { EXERCISES_DIR } from '../../helpers/transcript-personas.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'exercises-invalid');
const BASE_FILE = join(EXERCISES_DIR, 'pilotage-f01-heater-band.yaml');
const BASE = parse(readFileSync(BASE_FILE, 'utf8')) as Record<string, unknown>;

type Path = (string | number)[];
// biome-ignore lint/suspicious/noExplicitAny: the tests mutate arbitrary exercise documents
type Doc = Record<string, any>;
const clone = <T>(x: T): T => structuredClone(x);

function at(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const p of path) cur = (cur as Record<string | number, unknown>)[p];
  return cur;
}

function walk(v: unknown, path: Path, objects: Path[], leaves: Path[]): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      walk(x, [...path, i], objects, leaves);
    });
  } else if (v && typeof v === 'object') {
    objects.push(path);
    for (const [k, x] of Object.entries(v)) walk(x, [...path, k], objects, leaves);
  } else leaves.push(path);
}

const objects: Path[] = [];
const leaves: Path[] = [];
walk(BASE, [], objects, leaves);

/** Every issue is located: the file, a line ≥ 1 (or 0 for whole-file caps), a field path, a message. */
function expectUseful(r: LoadResult, file: string): ExerciseIssue[] {
  expect(r.ok, `${file} was accepted`).toBe(false);
  if (r.ok) return [];
  expect(r.issues.length).toBeGreaterThan(0);
  expect(r.issues.length).toBeLessThanOrEqual(LIMITS.maxIssues + 1);
  for (const i of r.issues) {
    expect(i.file).toBe(file);
    expect(i.path.length).toBeGreaterThan(0);
    expect(i.message.length).toBeGreaterThan(3);
    expect(i.line).toBeGreaterThanOrEqual(0);
  }
  return r.issues as ExerciseIssue[];
}

let rejected = 0;

describe('invalid exercise files', () => {
  it('hand-written fixtures are rejected with the expected field and message', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) {
      const file = join(FIXTURES, f);
      const text = readFileSync(file, 'utf8');
      const m = /^# expect: (.+?) :: (.*)$/m.exec(text)!;
      const issues = expectUseful(parseExercise(text, file), file);
      const hit = issues.find((i) => i.path === m[1] && i.message.includes(m[2]!.trim()));
      expect(hit, `${f}: ${issues.map((i) => `${i.path}: ${i.message}`).join(' | ')}`).toBeDefined();
      if (hit!.path !== '(root)' && hit!.code !== 'yaml') {
        // the line points at the field in the file
        const line = text.split('\n')[hit!.line - 1] ?? '';
        const last = m[1]!
          .replace(/\[\d+\]$/, '')
          .split('.')
          .at(-1)!
          .replace(/\[\d+\]/g, '');
        expect(
          line.includes(last) || line.includes('-') || line.includes('{'),
          `${f} line ${hit!.line}: ${line}`,
        ).toBe(true);
      }
      rejected++;
    }
  });

  it('rejects an unknown key at every depth, naming it and its line', () => {
    for (const p of objects) {
      const doc = clone(BASE);
      (at(doc, p) as Record<string, unknown>)['Zz-Unknown'] = 1;
      const text = stringify(doc);
      const issues = expectUseful(parseExercise(text, 'unknown.yaml'), 'unknown.yaml');
      const hit = issues.find((i) => i.path.includes('Zz-Unknown') || i.message.includes('Zz-Unknown'));
      expect(
        hit,
        `${formatPath(p)}: ${issues.map((i) => `${i.path}: ${i.message}`).join(' | ')}`,
      ).toBeDefined();
      expect(hit!.line).toBeGreaterThan(0);
      expect(text.split('\n')[hit!.line - 1]).toContain('Zz-Unknown');
      rejected++;
    }
  });

  it('rejects a type swap at every other leaf, naming the field', () => {
    for (const p of leaves.filter((_, i) => i % 2 === 0)) {
      const doc = clone(BASE);
      const parent = at(doc, p.slice(0, -1)) as Record<string | number, unknown>;
      parent[p.at(-1)!] = { bad: [1] };
      const issues = expectUseful(parseExercise(stringify(doc), 'swap.yaml'), 'swap.yaml');
      const want = formatPath(p);
      expect(
        issues.some((i) => i.path === want || i.path.startsWith(`${want}.`) || i.path.startsWith(`${want}[`)),
        `${want}: ${issues.map((i) => `${i.path}: ${i.message}`).join(' | ')}`,
      ).toBe(true);
      expect(issues.every((i) => i.line > 0)).toBe(true);
      rejected++;
    }
  });

  it('rejects a removed required field as missing, at the line of its parent', () => {
    let missing = 0;
    for (const p of objects) {
      const keys = Object.keys(at(BASE, p) as object);
      for (const k of keys.filter((_, i) => i % 2 === 0)) {
        const doc = clone(BASE);
        delete (at(doc, p) as Record<string, unknown>)[k];
        const r = parseExercise(stringify(doc), 'missing.yaml');
        if (r.ok) continue; // an optional field
        const issues = expectUseful(r, 'missing.yaml');
        expect(issues.every((i) => i.line > 0 || i.code === 'too_large')).toBe(true);
        if (issues.some((i) => i.code === 'missing' && i.path === formatPath([...p, k]))) missing++;
        rejected++;
      }
    }
    expect(missing).toBeGreaterThan(40);
  });

  const semantic: [string, (d: Doc) => void, string, string][] = [
    [
      'severity out of range',
      (d) => (d.timeline[0].severity = 5),
      'timeline[0].severity',
      'severity must lie in 0…2',
    ],
    ['negative onset', (d) => (d.timeline[0].onset_min = -3), 'timeline[0].onset_min', 'cannot be negative'],
    ['duration too short', (d) => (d.duration_min = 5), 'duration_min', '>=10'],
    [
      'credit above 1',
      (d) => (d.expected.diagnosis.root_causes[0].credit = 2),
      'expected.diagnosis.root_causes[0].credit',
      '<=1',
    ],
    ['negative weight', (d) => (d.rubric = { weights: { gestures: -5 } }), 'rubric.weights.gestures', '>=0'],
    [
      'resit above validated',
      (d) => (d.rubric = { thresholds: { validated: 50, resit: 60 } }),
      'rubric.thresholds.resit',
      'must not be above validated',
    ],
    [
      'all weights zero',
      (d) =>
        (d.rubric = {
          weights: {
            identification: 0,
            parameters: 0,
            gestures: 0,
            analysis: 0,
            investigation: 0,
            recommendations: 0,
          },
        }),
      'rubric.weights',
      'sum to 0',
    ],
    [
      'verification window min ≥ max',
      (d) => (d.expected.parameters.verification.checks[1].window = { min: 55, max: 25 }),
      'expected.parameters.verification.checks[1].window.min',
      'below max',
    ],
    ['unknown fault id', (d) => (d.timeline[0].fault = 'F31'), 'timeline[0].fault', 'F01…F25'],
    ['unknown certification', (d) => (d.certification = 'moulage'), 'certification', 'Invalid option'],
    ['unknown level', (d) => (d.level = 'expert'), 'level', 'Invalid option'],
    [
      'unknown gesture',
      (d) => (d.safety.sequence[0].any[0].action = 'act.call_mum'),
      'safety.sequence[0].any[0].action',
      'Invalid option',
    ],
    ['unknown PPE', (d) => (d.safety.ppe = ['cape']), 'safety.ppe[0]', 'Invalid option'],
    [
      'unknown safety token',
      (d) => (d.safety.preconditions[0].requires = ['prayer']),
      'safety.preconditions[0].requires[0]',
      'Invalid option',
    ],
    [
      'unknown diag measurement',
      (d) => (d.expected.evidence.minimum[2].any[0].diag.measurement = 'vibes'),
      'expected.evidence.minimum[2].any[0].diag.measurement',
      'Invalid option',
    ],
    [
      'unknown signal in a trend',
      (d) => (d.expected.evidence.minimum[1].any[0].trend[0] = 'imm.last.dosing'),
      'expected.evidence.minimum[1].any[0].trend[0]',
      'unknown signal "imm.last.dosing"',
    ],
    [
      'unknown set-up signal',
      (d) => (d.setup.set_points['imm.zone9.temp_sp'] = 200),
      'setup.set_points.imm.zone9.temp_sp',
      'unknown signal',
    ],
    [
      'unknown repair component',
      (d) => (d.safety.sequence[11].any[0].args.component_id = 'barrel.z9_heater'),
      'safety.sequence[11].any[0].args.component_id',
      'unknown component',
    ],
    [
      'unknown diag target',
      (d) => (d.expected.evidence.minimum[2].any[0].diag.target = 'spaceship'),
      'expected.evidence.minimum[2].any[0].diag.target',
      'unknown component',
    ],
    [
      'unknown option target',
      (d) => (d.timeline[0].component.choose[0].target = 'barrel.z7_heater'),
      'timeline[0].component.choose[0].target',
      'unknown component',
    ],
    [
      'unknown shot field',
      (d) => (d.expected.parameters.verification.checks[2].field = 'timing.dose'),
      'expected.parameters.verification.checks[2].field',
      'unknown shot-record field',
    ],
    ['wrong job for material', (d) => (d.setup.job = 'R-ABS'), 'setup.job', 'moulded in ABS'],
    [
      'hot runner without its job',
      (d) => (d.setup.options = { hot_runner: true }),
      'setup.options.hot_runner',
      'R-PP-HR',
    ],
    [
      'duplicate timeline id',
      (d) => d.timeline.push({ ...clone(d.timeline[0]) }),
      'timeline[1].id',
      'duplicate timeline item id',
    ],
    [
      'duplicate option id',
      (d) => (d.timeline[0].component.choose[1].id = 'z2'),
      'timeline[0].component.choose[1].id',
      'duplicate option id',
    ],
    [
      'duplicate evidence id',
      (d) => (d.expected.evidence.rule_out[0].id = 'zone_trend'),
      'expected.evidence.rule_out[0].id',
      'duplicate evidence id',
    ],
    [
      'duplicate keyword group',
      (d) => (d.expected.diagnosis.mechanism[1].id = 'saturated'),
      'expected.diagnosis.mechanism[1].id',
      'duplicate keyword group',
    ],
    [
      'duplicate forbidden id',
      (d) => (d.forbidden[1].id = 'raise_zone_setpoints'),
      'forbidden[1].id',
      'duplicate forbidden action',
    ],
    [
      'matcher with two kinds',
      (d) => (d.expected.evidence.minimum[0].any[0].view = 'shots'),
      'expected.evidence.minimum[0].any[0]',
      'exactly one of',
    ],
    [
      'matcher with no kind',
      (d) => (d.expected.evidence.minimum[0].any[0] = { all: true }),
      'expected.evidence.minimum[0].any[0]',
      'exactly one of',
    ],
    [
      'field of another matcher kind',
      (d) => (d.expected.evidence.minimum[2].any[0].window = 'any'),
      'expected.evidence.minimum[2].any[0].window',
      'does not apply',
    ],
    [
      'trend in a safety step',
      (d) => (d.safety.sequence[0].any = [{ trend: ['imm.melt_temp'] }]),
      'safety.sequence[0].any[0]',
      'a safety step is a gesture',
    ],
    [
      'window and initial_tol together',
      (d) => (d.expected.parameters.final[0].window = { min: 1, max: 2 }),
      'expected.parameters.final[0]',
      'exactly one of window or initial_tol',
    ],
    [
      'initial_tol on a signal not in the set-up',
      (d) => (d.expected.parameters.final[0].signal = 'imm.screw_speed_sp'),
      'expected.parameters.final[0].signal',
      'must be in setup.set_points',
    ],
    [
      'expected fault not in the timeline',
      (d) => (d.expected.diagnosis.faults = ['F03']),
      'expected.diagnosis.faults',
      'none of these faults is in the timeline',
    ],
    [
      'variable defined by two items',
      (d) => d.timeline.push({ ...clone(d.timeline[0]), id: 'f2' }),
      'timeline[1]',
      'also defined by timeline item',
    ],
    [
      'variable missing from one option',
      (d) => delete d.timeline[0].component.choose[1].vars.heater,
      'expected.diagnosis.root_causes[0].path',
      'unknown variable {heater} (with option "z3" of f1)',
    ],
    [
      'string where a number is drawn',
      (d) => (d.timeline[0].severity = 'high'),
      'timeline[0].severity',
      'a number or { min, max }',
    ],
    [
      'profile of an unknown kind',
      (d) => (d.timeline[0].profile = { kind: 'sawtooth' }),
      'timeline[0].profile.kind',
      'a profile',
    ],
    [
      'ramp without duration',
      (d) => (d.timeline[0].profile = { kind: 'ramp' }),
      'timeline[0].profile.duration_min',
      'missing',
    ],
    ['empty safety sequence', (d) => (d.safety.sequence = []), 'safety.sequence', '>=1'],
    ['empty debrief', (d) => (d.debrief = []), 'debrief', '>=1'],
    ['title without English', (d) => delete d.title.en, 'title.en', 'missing'],
    ['bad exercise id', (d) => (d.id = 'Bad Id!'), 'id', 'an exercise id'],
    [
      'bad signal syntax',
      (d) => (d.expected.evidence.key_signals[3] = 'IMM Last Dose'),
      'expected.evidence.key_signals[3]',
      'a signal key',
    ],
    [
      'equipment param unknown',
      (d) => {
        d.timeline[0].fault = 'F22';
        d.timeline[0].params = { equipment: 'tcu9' };
      },
      'timeline[0].params.equipment',
      'unknown equipment',
    ],
    [
      'signal param unknown',
      (d) => {
        d.timeline[0].fault = 'F23';
        d.timeline[0].params = { signal: 'imm.hold_sp' };
      },
      'timeline[0].params.signal',
      'unknown signal',
    ],
    [
      'param of the wrong type',
      (d) => (d.timeline[0].params = { health: 'half' }),
      'timeline[0].params.health',
      'must be a number',
    ],
  ];

  it.each(semantic)('rejects %s', (_name, mutate, path, message) => {
    const doc = clone(BASE) as Doc;
    mutate(doc);
    const text = stringify(doc);
    const issues = expectUseful(parseExercise(text, 'semantic.yaml'), 'semantic.yaml');
    const hit = issues.find((i) => i.path === path && i.message.includes(message));
    expect(hit, issues.map((i) => `${i.path}: ${i.message}`).join(' | ')).toBeDefined();
    expect(hit!.line).toBeGreaterThan(0);
    rejected++;
  });

  const hostile: [string, () => string | Uint8Array, RegExp][] = [
    [
      'a 10 MB file',
      () => `id: x\nnote: "${'a'.repeat(10 * 1024 * 1024)}"\n`,
      /larger than \d+ bytes: refused before parsing/,
    ],
    ['1,000 nested flow lists', () => `${'['.repeat(1000)}${']'.repeat(1000)}`, /nested deeper than 64/],
    [
      '1,000 nested block levels',
      () => Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
      /indentation deeper than 200/,
    ],
    [
      '40 nested mappings',
      () => Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1',
      /nested deeper than 32 levels/,
    ],
    [
      'a __proto__ key at the root',
      () => `__proto__: { admin: true }\nid: x\n`,
      /the key "__proto__" is not allowed/,
    ],
    [
      'a constructor key deep down',
      () =>
        stringify({ ...clone(BASE), setup: { ...(BASE.setup as object), constructor: { prototype: 1 } } }),
      /the key "constructor" is not allowed/,
    ],
    ['a prototype key', () => `id: x\ntitle: { prototype: 1 }\n`, /the key "prototype" is not allowed/],
    [
      'an alias bomb',
      () =>
        [
          'a: &a ["x","x","x","x","x","x","x","x","x"]',
          ...Array.from(
            { length: 9 },
            (_, i) =>
              `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
          ),
        ].join('\n'),
      /alias|Excessive|nested/i,
    ],
    ['an undefined alias', () => 'id: *nothing\n', /alias|Unresolved|yaml/i],
    ['binary garbage', () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256), /./],
    ['an empty file', () => '', /YAML mapping/],
    ['a scalar document', () => '42\n', /YAML mapping/],
    ['a list document', () => '- a\n- b\n', /YAML mapping/],
    ['two documents', () => 'id: a\n---\nid: b\n', /./],
    ['a tab-indented file', () => 'id: x\ntitle:\n\tfr: a\n', /./],
    ['a very long line', () => `id: ${'x'.repeat(20_000)}\n`, /line longer than/],
    ['too many lines', () => 'a: 1\n'.repeat(25_000), /more than 20000 lines/],
    ['duplicate keys', () => 'id: a\nid: b\n', /unique/],
  ];

  it.each(hostile)('rejects %s without crashing, quickly', (_name, make, message) => {
    const input = make();
    const t0 = performance.now();
    const r = parseExercise(input, 'hostile.yaml');
    expect(performance.now() - t0).toBeLessThan(5000);
    const issues = expectUseful(r, 'hostile.yaml');
    expect(issues.map((i) => i.message).join(' | ')).toMatch(message);
    expect(issues.every((i) => i.code !== 'internal')).toBe(true);
    rejected++;
  });

  it('lists every problem of a file, up to a bound', () => {
    const doc = clone(BASE) as Doc;
    for (let i = 0; i < 80; i++) doc[`Bad-${i}`] = i;
    const r = parseExercise(stringify(doc), 'many.yaml');
    const issues = expectUseful(r, 'many.yaml');
    expect(issues).toHaveLength(LIMITS.maxIssues + 1);
    expect(issues.at(-1)!.message).toBe('… and 30 more problems');
  });

  it('has rejected at least 200 invalid files, each with a useful message', () => {
    expect(rejected).toBeGreaterThanOrEqual(200);
  });
});
