/**
 * The loader's second pass (reliability-security §4.1 "semantic"): what a schema cannot see —
 * unknown signal keys, components, failure modes, fault parameters and variants; dangling item references;
 * duplicate ids; `min ≥ max`; an onset after the end of the exam; `{var}` placeholders undefined for some
 * drawn option. Every issue carries the path of the offending field; all are listed (the loader bounds the
 * list).
 */
import { KNOWN_SHOT_FIELDS } from '../scoring/journal-model.ts';
import {
  COMPONENT_IDS,
  EQUIPMENT_IDS,
  FAILURE_MODE_PATHS,
  FAULT_BY_ID,
  type SignalCatalogue,
} from './catalogue.ts';
import type { Exercise, Matcher, TimelineItem } from './schema.ts';
import { type Scalar, substituteDeep, varsIn } from './template.ts';

export type Path = (string | number)[];
export interface RefIssue {
  readonly path: Path;
  readonly message: string;
  readonly code: 'reference' | 'duplicate' | 'range' | 'consistency';
}

const JOB_MATERIAL: Record<string, string> = {
  'R-PP': 'PP',
  'R-PP-HR': 'PP',
  'R-ABS': 'ABS',
  'R-PA6': 'PA6',
};
const MAX_COMBINATIONS = 64;

export function crossCheck(ex: Exercise, signals: SignalCatalogue): RefIssue[] {
  const issues: RefIssue[] = [];
  const add = (path: Path, message: string, code: RefIssue['code'] = 'reference') =>
    issues.push({ path, message, code });

  // ---- duplicates --------------------------------------------------------------------------------
  const unique = (list: readonly { id: string }[], path: Path, what: string) => {
    const seen = new Map<string, number>();
    list.forEach((x, i) => {
      const first = seen.get(x.id);
      if (first !== undefined)
        add([...path, i, 'id'], `duplicate ${what} id "${x.id}" (first at index ${first})`, 'duplicate');
      else seen.set(x.id, i);
    });
  };
  unique(ex.timeline, ['timeline'], 'timeline item');
  ex.timeline.forEach((it, i) => {
    if (typeof it.component !== 'string')
      unique(it.component.choose, ['timeline', i, 'component', 'choose'], 'option');
  });
  const e = ex.expected;
  const evidenceIds = [
    ...e.evidence.minimum.map((x, i) => ({ id: x.id, path: ['expected', 'evidence', 'minimum', i, 'id'] })),
    ...e.evidence.rule_out.map((x, i) => ({ id: x.id, path: ['expected', 'evidence', 'rule_out', i, 'id'] })),
    ...e.analysis.checks.map((x, i) => ({ id: x.id, path: ['expected', 'analysis', 'checks', i, 'id'] })),
  ];
  const seenEv = new Set<string>();
  for (const x of evidenceIds) {
    if (seenEv.has(x.id)) add(x.path, `duplicate evidence id "${x.id}"`, 'duplicate');
    seenEv.add(x.id);
  }
  unique(e.diagnosis.mechanism, ['expected', 'diagnosis', 'mechanism'], 'keyword group');
  unique(e.recommendations.corrective, ['expected', 'recommendations', 'corrective'], 'keyword group');
  unique(e.recommendations.preventive, ['expected', 'recommendations', 'preventive'], 'keyword group');
  unique(e.recommendations.avoid, ['expected', 'recommendations', 'avoid'], 'keyword group');
  unique(e.repairs, ['expected', 'repairs'], 'repair');
  unique(ex.safety.sequence, ['safety', 'sequence'], 'step');
  unique(ex.forbidden, ['forbidden'], 'forbidden action');
  unique(ex.distractors, ['distractors'], 'distractor');

  // ---- ranges, timing ------------------------------------------------------------------------------
  walkRanges(ex, [], (path, r) => {
    if (!(r.min < r.max)) add([...path, 'min'], `min (${r.min}) must be below max (${r.max})`, 'range');
  });
  const drawnMax = (v: number | { min: number; max: number }) => (typeof v === 'number' ? v : v.max);
  const drawnMin = (v: number | { min: number; max: number }) => (typeof v === 'number' ? v : v.min);
  ex.timeline.forEach((it, i) => {
    const p: Path = ['timeline', i];
    if (drawnMin(it.onset_min) < 0) add([...p, 'onset_min'], 'an onset cannot be negative', 'range');
    if (drawnMax(it.onset_min) >= ex.duration_min) {
      add(
        [...p, 'onset_min'],
        `onset (up to ${drawnMax(it.onset_min)} min) is at or after the end of the exam (duration_min ${ex.duration_min})`,
        'range',
      );
    }
    if (drawnMin(it.severity) < 0 || drawnMax(it.severity) > 2) {
      add(
        [...p, 'severity'],
        'severity must lie in 0…2 (1 = the default severity of domain-model §4)',
        'range',
      );
    }
    const pr = it.profile;
    if (pr.kind === 'ramp' && drawnMin(pr.duration_min) <= 0)
      add([...p, 'profile', 'duration_min'], 'must be positive', 'range');
    if (pr.kind === 'intermittent') {
      if (drawnMin(pr.on_s) <= 0) add([...p, 'profile', 'on_s'], 'must be positive', 'range');
      if (drawnMin(pr.off_s) <= 0) add([...p, 'profile', 'off_s'], 'must be positive', 'range');
    }
    checkFault(it, p, signals, add);
  });

  // ---- set-up ---------------------------------------------------------------------------------------
  if (JOB_MATERIAL[ex.setup.job] !== ex.setup.material) {
    add(
      ['setup', 'job'],
      `job ${ex.setup.job} is moulded in ${JOB_MATERIAL[ex.setup.job]}, not ${ex.setup.material}`,
      'consistency',
    );
  }
  if ((ex.setup.job === 'R-PP-HR') !== ex.setup.options.hot_runner) {
    add(
      ['setup', 'options', 'hot_runner'],
      'the hot-runner option goes with the R-PP-HR job (and only with it)',
      'consistency',
    );
  }
  if (ex.timeline.some((t) => t.fault === 'F19') && !ex.setup.options.hot_runner) {
    add(
      ['setup', 'options', 'hot_runner'],
      'F19 (hot-runner zone) needs the hot-runner option',
      'consistency',
    );
  }
  for (const key of Object.keys(ex.setup.set_points)) {
    if (!signals.has(key)) add(['setup', 'set_points', key], `unknown signal "${key}" (${signals.source})`);
  }

  // values the scorer compares with the validated set-up need it
  const setupKeys = new Set(Object.keys(ex.setup.set_points));
  const needSetup = (signal: string, path: Path, why: string) => {
    if (!signal.includes('{') && !setupKeys.has(signal))
      add(path, `${why}: "${signal}" must be in setup.set_points`, 'consistency');
  };
  ex.expected.parameters.final.forEach((f, i) => {
    if (f.initial_tol !== undefined)
      needSetup(
        f.signal,
        ['expected', 'parameters', 'final', i, 'signal'],
        'initial_tol compares with the validated value',
      );
  });
  ex.expected.parameters.containment.forEach((k, i) => {
    if (k.revert)
      needSetup(
        k.signal,
        ['expected', 'parameters', 'containment', i, 'signal'],
        'a reverted containment compares with the validated value',
      );
  });
  ex.expected.parameters.verification?.checks.forEach((c, i) => {
    if (c.near)
      needSetup(
        c.near,
        ['expected', 'parameters', 'verification', 'checks', i, 'near'],
        'near compares with the validated value',
      );
  });

  // ---- rubric ----------------------------------------------------------------------------------------
  const w = ex.rubric.weights;
  if (Object.values(w).reduce((s, x) => s + x, 0) <= 0)
    add(['rubric', 'weights'], 'the weights sum to 0', 'range');
  if (ex.rubric.thresholds.resit > ex.rubric.thresholds.validated) {
    add(['rubric', 'thresholds', 'resit'], 'resit must not be above validated', 'range');
  }
  if (ex.rubric.rules.detection_target_min >= ex.rubric.rules.detection_max_min) {
    add(['rubric', 'rules', 'detection_target_min'], 'must be below detection_max_min', 'range');
  }

  // ---- item references ---------------------------------------------------------------------------------
  const items = new Set(ex.timeline.map((t) => t.id));
  const ref = (id: string | undefined, path: Path) => {
    if (id !== undefined && !items.has(id))
      add(path, `unknown timeline item "${id}" (known: ${[...items].join(', ')})`);
  };
  e.diagnosis.root_causes.forEach((r, i) => {
    ref(r.item, ['expected', 'diagnosis', 'root_causes', i, 'item']);
  });
  e.diagnosis.also_identify.forEach((r, i) => {
    ref(r.item, ['expected', 'diagnosis', 'also_identify', i, 'item']);
  });
  e.evidence.minimum.forEach((r, i) => {
    ref(r.item, ['expected', 'evidence', 'minimum', i, 'item']);
  });
  e.evidence.rule_out.forEach((r, i) => {
    ref(r.item, ['expected', 'evidence', 'rule_out', i, 'item']);
  });
  e.analysis.checks.forEach((r, i) => {
    ref(r.item, ['expected', 'analysis', 'checks', i, 'item']);
  });
  e.repairs.forEach((r, i) => {
    ref(r.item, ['expected', 'repairs', i, 'item']);
  });
  const timelineFaults = new Set(ex.timeline.map((t) => t.fault));
  e.diagnosis.faults.forEach((id, i) => {
    if (!FAULT_BY_ID.has(id)) add(['expected', 'diagnosis', 'faults', i], `unknown fault "${id}"`);
  });
  if (!e.diagnosis.faults.some((id) => timelineFaults.has(id))) {
    add(
      ['expected', 'diagnosis', 'faults'],
      `none of these faults is in the timeline (${[...timelineFaults].join(', ')})`,
      'consistency',
    );
  }

  // ---- matcher kinds in the safety sequence and forbidden list --------------------------------------
  ex.safety.sequence.forEach((s, i) => {
    s.any.forEach((m, j) => {
      if (m.trend || m.view || m.cite) {
        add(
          ['safety', 'sequence', i, 'any', j],
          'a safety step is a gesture: use action, diag, measure or write',
          'consistency',
        );
      }
    });
  });
  ex.forbidden.forEach((f, i) => {
    if (f.match.trend || f.match.view || f.match.cite) {
      add(
        ['forbidden', i, 'match'],
        'a forbidden action is a gesture or a write: use action, diag, measure or write',
        'consistency',
      );
    }
  });

  // ---- variables and references that depend on the drawn option -------------------------------------
  checkVariables(ex, signals, add);

  return dedupe(issues);
}

function checkFault(
  it: TimelineItem,
  p: Path,
  signals: SignalCatalogue,
  add: (p: Path, m: string, c?: RefIssue['code']) => void,
) {
  const def = FAULT_BY_ID.get(it.fault);
  if (!def) {
    add([...p, 'fault'], `unknown fault "${it.fault}"`);
    return;
  }
  const sev = typeof it.severity === 'number' ? { min: it.severity, max: it.severity } : it.severity;
  if (sev.min < def.severity.min || sev.max > def.severity.max) {
    add(
      [...p, 'severity'],
      `the fault engine injects ${it.fault} with a severity in ${def.severity.min}…${def.severity.max}`,
      'range',
    );
  }
  for (const [name, value] of Object.entries(it.params)) {
    const type = def.params[name];
    if (!type) {
      const known = Object.keys(def.params);
      add(
        [...p, 'params', name],
        `${it.fault} has no parameter "${name}" (${known.length ? `known: ${known.join(', ')}` : 'it takes none'})`,
      );
      continue;
    }
    const isRange = typeof value === 'object';
    const ok =
      type === 'number'
        ? typeof value === 'number' || isRange
        : type === 'boolean'
          ? typeof value === 'boolean'
          : typeof value === 'string';
    if (!ok) {
      add(
        [...p, 'params', name],
        `${it.fault}.${name} must be a ${type === 'number' ? 'number or { min, max }' : type}`,
      );
      continue;
    }
    const lim = def.limits[name];
    if (type === 'number' && lim) {
      const lo = typeof value === 'number' ? value : (value as { min: number }).min;
      const hi = typeof value === 'number' ? value : (value as { max: number }).max;
      if ((lim.min !== undefined && lo < lim.min) || (lim.max !== undefined && hi > lim.max)) {
        add(
          [...p, 'params', name],
          `${it.fault}.${name} must lie in ${lim.min ?? '−∞'}…${lim.max ?? '∞'} (fault engine)`,
          'range',
        );
      }
    }
    if (type === 'signal' && typeof value === 'string' && !value.includes('{') && !signals.has(value)) {
      add([...p, 'params', name], `unknown signal "${value}" (${signals.source})`);
    }
    if (
      type === 'equipment' &&
      typeof value === 'string' &&
      !value.includes('{') &&
      !signals.hasEquipment(value)
    ) {
      add(
        [...p, 'params', name],
        `unknown equipment "${value}" (no signal of the catalogue starts with "${value}.")`,
      );
    }
  }
  const variants =
    it.variant === undefined ? [] : typeof it.variant === 'string' ? [it.variant] : it.variant.choose;
  variants.forEach((v) => {
    if (!def.variants.includes(v)) {
      add(
        [...p, 'variant'],
        def.variants.length
          ? `${it.fault} has no variant "${v}" (known: ${def.variants.join(', ')})`
          : `${it.fault} has no variants`,
      );
    }
  });
}

type Combo = { vars: Record<string, Scalar>; label: string };

/** The cartesian product of the component options (bounded). */
function combinations(ex: Exercise): Combo[] {
  let combos: Combo[] = [{ vars: {}, label: '' }];
  for (const it of ex.timeline) {
    const opts =
      typeof it.component === 'string'
        ? [{ vars: it.vars, label: '' }]
        : it.component.choose.map((o) => ({
            vars: { ...it.vars, ...o.vars },
            label: `option "${o.id}" of ${it.id}`,
          }));
    const next: Combo[] = [];
    for (const c of combos) {
      for (const o of opts) {
        next.push({ vars: { ...c.vars, ...o.vars }, label: [c.label, o.label].filter(Boolean).join(', ') });
        if (next.length >= MAX_COMBINATIONS) break;
      }
      if (next.length >= MAX_COMBINATIONS) break;
    }
    combos = next;
  }
  return combos;
}

function checkVariables(
  ex: Exercise,
  signals: SignalCatalogue,
  add: (p: Path, m: string, c?: RefIssue['code']) => void,
) {
  // a variable is given by one timeline item only
  const owner = new Map<string, string>();
  ex.timeline.forEach((it, i) => {
    const names = new Set<string>(Object.keys(it.vars));
    if (typeof it.component !== 'string')
      for (const o of it.component.choose) for (const k of Object.keys(o.vars)) names.add(k);
    for (const n of names) {
      const other = owner.get(n);
      if (other && other !== it.id)
        add(['timeline', i], `variable "${n}" is also defined by timeline item "${other}"`, 'duplicate');
      else owner.set(n, it.id);
    }
  });
  for (const combo of combinations(ex)) {
    const suffix = combo.label ? ` (with ${combo.label})` : '';
    const sections = {
      timeline: ex.timeline.map((t) => ({
        component: typeof t.component === 'string' ? t.component : t.component.choose.map((o) => o.target),
        params: t.params,
      })),
      expected: ex.expected,
      safety: ex.safety,
      forbidden: ex.forbidden,
    };
    // variables used but not defined for this combination
    walkStrings(sections, [], (path, text) => {
      for (const name of varsIn(text)) {
        if (!Object.hasOwn(combo.vars, name)) add(path, `unknown variable {${name}}${suffix}`);
      }
    });
    const r = substituteDeep(sections, combo.vars);
    /** the option suffix, only when the field depends on the option (it holds a placeholder) */
    const dep = (path: Path): string => {
      let cur: unknown = sections;
      for (const p of path) {
        if (cur === null || typeof cur !== 'object') return '';
        cur = (cur as Record<string | number, unknown>)[p];
      }
      return typeof cur === 'string' && cur.includes('{') ? suffix : '';
    };
    const sig = (key: string, path: Path) => {
      if (key.includes('{')) return; // reported above
      if (!signals.has(key)) add(path, `unknown signal "${key}"${dep(path)} (${signals.source})`);
    };
    const comp = (id: string, path: Path, equipmentOk = false) => {
      if (id.includes('{')) return;
      if (!(COMPONENT_IDS.has(id) || (equipmentOk && EQUIPMENT_IDS.has(id)))) {
        add(
          path,
          `unknown component "${id}"${dep(path)} (taxonomy ids equipment.component, see GET /api/taxonomy)`,
        );
      }
    };
    r.timeline.forEach((t, i) => {
      // parameters that name a signal or an equipment, once their variables are substituted
      const def = FAULT_BY_ID.get(ex.timeline[i]!.fault);
      for (const [name, value] of Object.entries(t.params)) {
        if (typeof value !== 'string' || !ex.timeline[i]!.params[name]?.toString().includes('{')) continue;
        if (def?.params[name] === 'signal') sig(value, ['timeline', i, 'params', name]);
        if (def?.params[name] === 'equipment' && !value.includes('{') && !signals.hasEquipment(value)) {
          add(['timeline', i, 'params', name], `unknown equipment "${value}"${suffix}`);
        }
      }
      const onEngine = (id: string, path: Path) => {
        if (!id.includes('{') && def && COMPONENT_IDS.has(id) && !def.components.includes(id)) {
          add(
            path,
            `the fault engine cannot put ${def.id} on "${id}"${suffix} (it can on: ${def.components.join(', ')})`,
          );
        }
      };
      if (typeof t.component === 'string') {
        comp(t.component, ['timeline', i, 'component']);
        onEngine(t.component, ['timeline', i, 'component']);
      } else {
        t.component.forEach((c, j) => {
          comp(c, ['timeline', i, 'component', 'choose', j, 'target']);
          onEngine(c, ['timeline', i, 'component', 'choose', j, 'target']);
        });
      }
    });
    const x = r.expected;
    x.diagnosis.root_causes.forEach((rc, i) => {
      if (!rc.path.includes('{') && !FAILURE_MODE_PATHS.has(rc.path)) {
        add(
          ['expected', 'diagnosis', 'root_causes', i, 'path'],
          `unknown failure mode "${rc.path}"${dep(['expected', 'diagnosis', 'root_causes', i, 'path'])} (taxonomy equipment.component.failure_mode)`,
        );
      }
    });
    x.diagnosis.first_signal.forEach((s, i) => {
      sig(s, ['expected', 'diagnosis', 'first_signal', i]);
    });
    x.evidence.key_signals.forEach((s, i) => {
      sig(s, ['expected', 'evidence', 'key_signals', i]);
    });
    x.repairs.forEach((rp, i) => {
      rp.any.forEach((a, j) => {
        comp(a.component, ['expected', 'repairs', i, 'any', j, 'component']);
      });
    });
    const p = x.parameters;
    p.final.forEach((f, i) => {
      sig(f.signal, ['expected', 'parameters', 'final', i, 'signal']);
    });
    p.containment.forEach((f, i) => {
      sig(f.signal, ['expected', 'parameters', 'containment', i, 'signal']);
    });
    p.allowed.forEach((s, i) => {
      sig(s, ['expected', 'parameters', 'allowed', i]);
    });
    const setupKeys = new Set(Object.keys(ex.setup.set_points));
    const inSetup = (signal: string, path: Path) => {
      if (!signal.includes('{') && !setupKeys.has(signal)) {
        add(
          path,
          `"${signal}"${dep(path)} must be in setup.set_points (compared with the validated value)`,
          'consistency',
        );
      }
    };
    p.final.forEach((f, i) => {
      if (f.initial_tol !== undefined) inSetup(f.signal, ['expected', 'parameters', 'final', i, 'signal']);
    });
    p.verification?.checks.forEach((c, i) => {
      if (c.near) {
        sig(c.near, ['expected', 'parameters', 'verification', 'checks', i, 'near']);
        inSetup(c.near, ['expected', 'parameters', 'verification', 'checks', i, 'near']);
      }
      const top = c.field.split('.')[0]!;
      if (!c.field.includes('{') && !KNOWN_SHOT_FIELDS.includes(top)) {
        add(
          ['expected', 'parameters', 'verification', 'checks', i, 'field'],
          `unknown shot-record field "${top}"${dep(['expected', 'parameters', 'verification', 'checks', i, 'field'])} (known: ${KNOWN_SHOT_FIELDS.join(', ')})`,
        );
      }
    });
    const matcher = (m: Matcher, path: Path) => {
      m.trend?.forEach((s, i) => {
        sig(s, [...path, 'trend', i]);
      });
      m.cite?.forEach((s, i) => {
        sig(s, [...path, 'cite', i]);
      });
      m.write?.forEach((s, i) => {
        sig(s, [...path, 'write', i]);
      });
      if (m.diag) comp(m.diag.target, [...path, 'diag', 'target'], true);
      if (m.action === 'act.repair' && typeof m.args?.component_id === 'string')
        comp(m.args.component_id, [...path, 'args', 'component_id']);
      if (m.action === 'act.diag' && typeof m.args?.target === 'string')
        comp(m.args.target, [...path, 'args', 'target'], true);
    };
    for (const [list, base] of [
      [x.evidence.minimum, ['expected', 'evidence', 'minimum']],
      [x.evidence.rule_out, ['expected', 'evidence', 'rule_out']],
      [x.analysis.checks, ['expected', 'analysis', 'checks']],
    ] as const) {
      list.forEach((ev, i) => {
        ev.any.forEach((m, j) => {
          matcher(m, [...base, i, 'any', j]);
        });
      });
    }
    r.safety.sequence.forEach((s, i) => {
      s.any.forEach((m, j) => {
        matcher(m, ['safety', 'sequence', i, 'any', j]);
      });
    });
    r.safety.preconditions.forEach((s, i) => {
      matcher(s.when, ['safety', 'preconditions', i, 'when']);
    });
    r.forbidden.forEach((f, i) => {
      matcher(f.match, ['forbidden', i, 'match']);
      if (f.only_before) matcher(f.only_before, ['forbidden', i, 'only_before']);
    });
  }
}

function walkStrings(v: unknown, path: Path, fn: (path: Path, text: string) => void): void {
  if (typeof v === 'string') fn(path, v);
  else if (Array.isArray(v))
    v.forEach((x, i) => {
      walkStrings(x, [...path, i], fn);
    });
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) walkStrings(x, [...path, k], fn);
}

function walkRanges(v: unknown, path: Path, fn: (path: Path, r: { min: number; max: number }) => void): void {
  if (Array.isArray(v))
    v.forEach((x, i) => {
      walkRanges(x, [...path, i], fn);
    });
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 2 && typeof o.min === 'number' && typeof o.max === 'number')
      fn(path, o as { min: number; max: number });
    else for (const [k, x] of Object.entries(o)) walkRanges(x, [...path, k], fn);
  }
}

function dedupe(issues: RefIssue[]): RefIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path.join('.')}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
