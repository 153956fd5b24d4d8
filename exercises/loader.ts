/**
 * Loading an exercise file (reliability-security §4.1, V1/V2): caps before parsing (size, lines, nesting,
 * aliases), YAML parse errors with line and column, `__proto__`/`constructor`/`prototype` keys refused,
 * the zod schema (strict objects at every depth), then the cross-reference pass. Every problem is reported
 * with the file, the line and column of the YAML node, and the field path; all are listed, up to a bound.
 *
 * `parseExercise` never throws: anything unexpected becomes an `internal` issue (the fast-check property
 * of tests/unit/exercises). `loadExerciseFile` throws only `ExerciseLoadError`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
} from 'yaml';
import type { z } from 'zod';
import { cellSignalCatalogue, type SignalCatalogue } from './catalogue.ts';
import { crossCheck, type Path } from './crossref.ts';
import { type Exercise, ExerciseSchema } from './schema.ts';

export type IssueCode =
  | 'too_large'
  | 'too_deep'
  | 'yaml'
  | 'forbidden_key'
  | 'unknown_key'
  | 'missing'
  | 'schema'
  | 'reference'
  | 'duplicate'
  | 'range'
  | 'consistency'
  | 'internal';

export interface ExerciseIssue {
  readonly file: string;
  /** 1-based; 0 when the problem is not tied to a position */
  readonly line: number;
  readonly column: number;
  /** field path such as `timeline[0].severity.min` (`(root)` for the document) */
  readonly path: string;
  readonly message: string;
  readonly code: IssueCode;
}

export const formatIssue = (i: ExerciseIssue): string =>
  `${i.file}:${i.line}:${i.column}: ${i.path}: ${i.message}`;

export interface LoadOptions {
  /** signal keys the exercise may name (default: the reference cell, exercises/cell-signals.json) */
  readonly signals?: SignalCatalogue;
  readonly maxBytes?: number;
  readonly maxDepth?: number;
  readonly maxIssues?: number;
}

export type LoadResult =
  | {
      readonly ok: true;
      readonly file: string;
      readonly exercise: Exercise;
      /** SHA-256 of the file bytes, recorded with the results */
      readonly sha256: string;
    }
  | { readonly ok: false; readonly file: string; readonly issues: readonly ExerciseIssue[] };

export class ExerciseLoadError extends Error {
  readonly file: string;
  readonly issues: readonly ExerciseIssue[];
  constructor(file: string, issues: readonly ExerciseIssue[]) {
    super(`${file}: invalid exercise\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.name = 'ExerciseLoadError';
    this.file = file;
    this.issues = issues;
  }
}

export const LIMITS = {
  maxBytes: 512 * 1024,
  maxLines: 20_000,
  maxLineLength: 10_000,
  /** flow-collection nesting or indentation beyond these is refused before parsing */
  maxFlowNesting: 64,
  maxIndent: 200,
  maxDepth: 32,
  maxNodes: 100_000,
  maxAliases: 50,
  maxIssues: 50,
} as const;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `timeline[0].severity.min` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

/** Caps checked on the raw text, before any parsing (a hostile file costs at most one linear scan). */
function preScan(
  text: string,
  opts: Required<Pick<LoadOptions, 'maxBytes'>>,
): { message: string; line: number } | null {
  if (Buffer.byteLength(text, 'utf8') > opts.maxBytes) {
    return { message: `file larger than ${opts.maxBytes} bytes: refused before parsing`, line: 0 };
  }
  let line = 1;
  let col = 0;
  let nest = 0;
  let indent = 0;
  let atStart = true;
  let quote: '"' | "'" | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      if (col > LIMITS.maxLineLength)
        return { message: `line longer than ${LIMITS.maxLineLength} characters`, line };
      line++;
      if (line > LIMITS.maxLines) return { message: `more than ${LIMITS.maxLines} lines`, line };
      col = 0;
      indent = 0;
      atStart = true;
      comment = false;
      if (quote === "'") quote = null; // a single-quoted scalar cannot hide a newline-terminated bracket run
      continue;
    }
    col++;
    if (atStart) {
      if (c === ' ') {
        indent++;
        if (indent > LIMITS.maxIndent)
          return { message: `indentation deeper than ${LIMITS.maxIndent} columns`, line };
        continue;
      }
      atStart = false;
    }
    if (comment) continue;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '#') comment = true;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      nest++;
      if (nest > LIMITS.maxFlowNesting)
        return { message: `collections nested deeper than ${LIMITS.maxFlowNesting}`, line };
    } else if (c === ']' || c === '}') nest = Math.max(0, nest - 1);
  }
  return null;
}

interface Located {
  readonly node: YamlNode | null;
  /** the key node of the last pair on the path (for unknown keys and missing fields) */
  readonly key: YamlNode | null;
  readonly exact: boolean;
}

/** The YAML node at a path, or the nearest existing ancestor. */
function locate(doc: Document, path: readonly PropertyKey[]): Located {
  let node = doc.contents as YamlNode | null;
  let key: YamlNode | null = null;
  for (const seg of path) {
    if (node && isAlias(node)) node = (node.resolve(doc) as YamlNode | undefined) ?? node;
    if (node && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return { node, key, exact: false };
      key = (pair.key as YamlNode) ?? key;
      node = (pair.value as YamlNode | null) ?? null;
      if (!node) return { node: key, key, exact: true };
    } else if (node && isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item) return { node, key, exact: false };
      node = item;
      key = null;
    } else return { node, key, exact: false };
  }
  return { node, key, exact: true };
}

/** The key node of `key` in the map at `path` (for an unknown key). */
function keyNode(doc: Document, path: readonly PropertyKey[], key: string): YamlNode | null {
  const { node } = locate(doc, path);
  if (node && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair?.key) return pair.key as YamlNode;
  }
  return node;
}

type Pos = { line: number; column: number };

const posOf = (lc: LineCounter, node: YamlNode | null): Pos => {
  const r = node?.range;
  if (!r) return { line: 1, column: 1 };
  const p = lc.linePos(r[0]);
  return { line: p.line, column: p.col };
};

/** Walk the document: depth, node count and forbidden keys (iteratively: a deep file cannot overflow). */
function walkDocument(
  doc: Document,
  maxDepth: number,
): {
  tooDeep: YamlNode | null;
  tooMany: boolean;
  forbidden: { key: string; node: YamlNode; path: (string | number)[] }[];
} {
  const forbidden: { key: string; node: YamlNode; path: (string | number)[] }[] = [];
  const stack: { node: unknown; depth: number; path: (string | number)[] }[] = [
    { node: doc.contents, depth: 0, path: [] },
  ];
  let count = 0;
  while (stack.length) {
    const { node, depth, path } = stack.pop()!;
    if (++count > LIMITS.maxNodes) return { tooDeep: null, tooMany: true, forbidden };
    if (depth > maxDepth) return { tooDeep: node as YamlNode, tooMany: false, forbidden };
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const k = isScalar(p.key) ? String(p.key.value) : null;
        if (k !== null && FORBIDDEN_KEYS.has(k))
          forbidden.push({ key: k, node: p.key as YamlNode, path: [...path, k] });
        if (p.key && !isScalar(p.key)) stack.push({ node: p.key, depth: depth + 1, path });
        stack.push({ node: p.value, depth: depth + 1, path: [...path, k ?? '?'] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        stack.push({ node: item, depth: depth + 1, path: [...path, i] });
      });
    }
  }
  return { tooDeep: null, tooMany: false, forbidden };
}

// ---- zod issues → positioned issues --------------------------------------------------------------

type ZIssue = z.core.$ZodIssue;

/** For a union that failed everywhere, the issues of the branch whose type matched the input, if any. */
function flattenUnion(issue: ZIssue): ZIssue[] {
  if (issue.code !== 'invalid_union' || !('errors' in issue) || !issue.errors?.length) return [issue];
  // a branch whose own type did not match (at its root) says nothing about the input's content
  const candidates = issue.errors.filter(
    (branch) =>
      branch.length > 0 &&
      !branch.some((b) => b.path.length === 0 && (b.code === 'invalid_type' || b.code === 'invalid_union')),
  );
  if (!candidates.length) return [issue];
  const best = candidates.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap((b) => flattenUnion({ ...b, path: [...issue.path, ...b.path] } as ZIssue));
}

function describeType(node: YamlNode | null): string {
  if (!node) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    return typeof v === 'string'
      ? `the string "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`
      : `${typeof v} ${String(v)}`;
  }
  return 'an alias';
}

const levenshtein = (a: string, b: string): number => {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
};

/** Keys an object schema allows at a path (best effort, for "did you mean"). */
function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    for (let guard = 0; guard < 20; guard++) {
      const def = (x as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
      if (!def) return x;
      if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type as string))
        x = def.innerType;
      else if (def.type === 'pipe') x = def.in;
      else return x;
    }
    return x;
  };
  const keysOf = (x: unknown): string[] => {
    const def = (unwrap(x) as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def) return [];
    if (def.type === 'object') return Object.keys(def.shape as object);
    if (def.type === 'union') return (def.options as unknown[]).flatMap(keysOf);
    return [];
  };
  for (const seg of path) {
    const def = (unwrap(s) as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def) return [];
    if (def.type === 'object') s = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else if (def.type === 'union') {
      const opts = (def.options as unknown[]).map(unwrap);
      s = opts.find((o) => {
        const od = (o as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
        return typeof seg === 'number'
          ? od?.type === 'array'
          : od?.type === 'object' && String(seg) in (od.shape as object);
      });
      if (!s) return [];
      const od = (s as { _zod: { def: Record<string, unknown> } })._zod.def;
      s = od.type === 'array' ? od.element : (od.shape as Record<string, unknown>)[String(seg)];
    } else return [];
  }
  return keysOf(s);
}

function zodIssues(doc: Document, lc: LineCounter, file: string, error: z.ZodError): ExerciseIssue[] {
  const out: ExerciseIssue[] = [];
  for (const raw of error.issues) {
    for (const issue of flattenUnion(raw as ZIssue)) {
      if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeys(ExerciseSchema, issue.path);
        for (const k of issue.keys) {
          const near = allowed.filter((a) => levenshtein(a, k) <= 2);
          const hint = near.length
            ? ` — did you mean "${near[0]}"?`
            : allowed.length
              ? ` (allowed: ${allowed.join(', ')})`
              : '';
          out.push({
            file,
            ...posOf(lc, keyNode(doc, issue.path, k)),
            path: formatPath([...issue.path, k]),
            message: `unknown key "${k}"${hint}`,
            code: 'unknown_key',
          });
        }
        continue;
      }
      const loc = locate(doc, issue.path);
      const at = loc.exact ? loc.node : loc.node;
      if (!loc.exact && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
        const expected =
          issue.code === 'invalid_type' && 'expected' in issue ? issue.expected : issue.message;
        out.push({
          file,
          ...posOf(lc, at),
          path: formatPath(issue.path),
          message: `missing required field (expected ${expected})`,
          code: 'missing',
        });
        continue;
      }
      let message = issue.message;
      if (issue.code === 'invalid_type' && 'expected' in issue) {
        message = `expected ${issue.expected}, got ${describeType(loc.node)}`;
      }
      out.push({ file, ...posOf(lc, at), path: formatPath(issue.path), message, code: 'schema' });
    }
  }
  return out;
}

function fail(file: string, issues: ExerciseIssue[], maxIssues: number): LoadResult {
  const sorted = [...issues].sort(
    (a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path),
  );
  if (sorted.length > maxIssues) {
    const more = sorted.length - maxIssues;
    const kept = sorted.slice(0, maxIssues);
    kept.push({
      file,
      line: 0,
      column: 0,
      path: '(root)',
      message: `… and ${more} more problems`,
      code: sorted[maxIssues]!.code,
    });
    return { ok: false, file, issues: kept };
  }
  return { ok: false, file, issues: sorted };
}

/** Parse and check an exercise; never throws. */
export function parseExercise(input: string | Uint8Array, file: string, opts: LoadOptions = {}): LoadResult {
  const maxIssues = opts.maxIssues ?? LIMITS.maxIssues;
  try {
    if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
      return fail(
        file,
        [{ file, line: 0, column: 0, path: '(root)', message: 'not a text file', code: 'yaml' }],
        maxIssues,
      );
    }
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
    const maxBytes = opts.maxBytes ?? LIMITS.maxBytes;
    if (bytes.length > maxBytes) {
      return fail(
        file,
        [
          {
            file,
            line: 0,
            column: 0,
            path: '(root)',
            message: `file larger than ${maxBytes} bytes: refused before parsing`,
            code: 'too_large',
          },
        ],
        maxIssues,
      );
    }
    const text = typeof input === 'string' ? input : bytes.toString('utf8');
    const pre = preScan(text, { maxBytes });
    if (pre) {
      return fail(
        file,
        [
          {
            file,
            line: pre.line,
            column: 0,
            path: '(root)',
            message: `${pre.message}: refused before parsing`,
            code: 'too_deep',
          },
        ],
        maxIssues,
      );
    }
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true });
    const issues: ExerciseIssue[] = [];
    for (const e of doc.errors) {
      const p = e.linePos?.[0];
      issues.push({
        file,
        line: p?.line ?? 0,
        column: p?.col ?? 0,
        path: '(yaml)',
        message: e.message.split('\n')[0]!,
        code: 'yaml',
      });
    }
    if (issues.length) return fail(file, issues, maxIssues);
    const walked = walkDocument(doc, opts.maxDepth ?? LIMITS.maxDepth);
    if (walked.tooMany) {
      return fail(
        file,
        [
          {
            file,
            line: 0,
            column: 0,
            path: '(root)',
            message: `more than ${LIMITS.maxNodes} YAML nodes`,
            code: 'too_large',
          },
        ],
        maxIssues,
      );
    }
    if (walked.tooDeep) {
      return fail(
        file,
        [
          {
            file,
            ...posOf(lc, walked.tooDeep),
            path: '(root)',
            message: `nested deeper than ${opts.maxDepth ?? LIMITS.maxDepth} levels`,
            code: 'too_deep',
          },
        ],
        maxIssues,
      );
    }
    for (const f of walked.forbidden) {
      issues.push({
        file,
        ...posOf(lc, f.node),
        path: formatPath(f.path),
        message: `the key "${f.key}" is not allowed`,
        code: 'forbidden_key',
      });
    }
    if (issues.length) return fail(file, issues, maxIssues);
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: LIMITS.maxAliases });
    } catch (e) {
      return fail(
        file,
        [
          {
            file,
            line: 0,
            column: 0,
            path: '(yaml)',
            message: e instanceof Error ? e.message.split('\n')[0]! : String(e),
            code: 'yaml',
          },
        ],
        maxIssues,
      );
    }
    if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
      return fail(
        file,
        [
          {
            file,
            ...posOf(lc, doc.contents as YamlNode | null),
            path: '(root)',
            message: 'an exercise file is a YAML mapping',
            code: 'schema',
          },
        ],
        maxIssues,
      );
    }
    const parsed = ExerciseSchema.safeParse(data);
    if (!parsed.success) return fail(file, zodIssues(doc, lc, file, parsed.error), maxIssues);
    const signals = opts.signals ?? cellSignalCatalogue();
    const refs = crossCheck(parsed.data, signals);
    if (refs.length) {
      return fail(
        file,
        refs.map((r: { path: Path; message: string; code: IssueCode }) => {
          const loc = locate(doc, r.path);
          return { file, ...posOf(lc, loc.node), path: formatPath(r.path), message: r.message, code: r.code };
        }),
        maxIssues,
      );
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { ok: true, file, exercise: parsed.data, sha256 };
  } catch (e) {
    return fail(
      file,
      [
        {
          file,
          line: 0,
          column: 0,
          path: '(root)',
          message: `internal error while loading: ${e instanceof Error ? e.message : String(e)}`,
          code: 'internal',
        },
      ],
      maxIssues,
    );
  }
}

/** Read and check an exercise file; throws `ExerciseLoadError` listing every problem. */
export function loadExerciseFile(
  path: string,
  opts: LoadOptions = {},
): { exercise: Exercise; sha256: string } {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    const max = opts.maxBytes ?? LIMITS.maxBytes;
    if (st.size > max) {
      throw new ExerciseLoadError(path, [
        {
          file: path,
          line: 0,
          column: 0,
          path: '(root)',
          message: `file larger than ${max} bytes: refused before reading`,
          code: 'too_large',
        },
      ]);
    }
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof ExerciseLoadError) throw e;
    throw new ExerciseLoadError(path, [
      {
        file: path,
        line: 0,
        column: 0,
        path: '(root)',
        message: e instanceof Error ? e.message : String(e),
        code: 'internal',
      },
    ]);
  }
  const r = parseExercise(bytes, path, opts);
  if (!r.ok) throw new ExerciseLoadError(path, r.issues);
  return { exercise: r.exercise, sha256: r.sha256 };
}

export interface DirEntry {
  readonly file: string;
  readonly result: LoadResult;
}

/** Every `*.yaml` / `*.yml` of a folder (not recursive), loaded and checked, in name order. */
export function loadExerciseDir(dir: string, opts: LoadOptions = {}): DirEntry[] {
  const names = readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort();
  return names.map((n) => {
    const file = join(dir, n);
    try {
      const r = loadExerciseFile(file, opts);
      return { file, result: { ok: true, file, exercise: r.exercise, sha256: r.sha256 } as LoadResult };
    } catch (e) {
      const issues = e instanceof ExerciseLoadError ? e.issues : [];
      return { file, result: { ok: false, file, issues } as LoadResult };
    }
  });
}
