/**
 * Faceplate layouts built from the signal model alone (DESIGN.md principle 1: "HMI bindings come from the
 * model"), never from hard-coded cell keys: signals of one equipment are grouped by the first part of
 * their local id (`zone1.temp_actual` → group `zone1`), paired into rows (actual / set / output) by the
 * stem of their last part (`hold_pressure` + `hold_pressure_sp`), and sorted into sections by their group
 * name, kind and unit: barrel or hot-runner zones, injection, clamp, hydraulics, cooling circuits, cavity
 * pressure, times, energy, states… Unknown shapes still show, in a generic section.
 */
import type { WireSignalMeta } from '../../../simulator/server/realtime/wire.ts';

export type Column = 'actual' | 'set' | 'output';

export interface Row {
  /** group (e.g. `zone1`) or stem (e.g. `hold_pressure`) */
  readonly id: string;
  readonly actual?: WireSignalMeta;
  readonly set?: WireSignalMeta;
  readonly output?: WireSignalMeta;
  /** other signals of the same group (current, flow, return…) */
  readonly extra: readonly WireSignalMeta[];
}

export type SectionId =
  | 'zones'
  | 'injection'
  | 'clamp'
  | 'hydraulics'
  | 'circuits'
  | 'cavity'
  | 'robot'
  | 'vision'
  | 'times'
  | 'energy'
  | 'status'
  | 'counters'
  | 'values';

export interface Section {
  readonly id: SectionId | `group:${string}`;
  readonly rows: readonly Row[];
  /** zones show an output bar */
  readonly layout: 'zones' | 'table' | 'list';
  /** for a section made of one group of signals (`last.*`, `job.*`): the group's id */
  readonly group?: string;
}

const localId = (m: WireSignalMeta) => m.key.slice(m.equipment.length + 1);

const SET = /(_sp|_set|_setpoint|setpoint|_target|_limit)$/;
const OUTPUT = /(output|_out|duty|power_pct|_pct|heater_pct)$/;
const STEM = /_(sp|set|setpoint|target|actual|act|pv|pct|output|out|value)$/;

export function columnOf(m: WireSignalMeta): Column | undefined {
  const leaf = localId(m).split('.').at(-1)!;
  if (m.kind === 'setpoint' || (m.kind === 'parameter' && SET.test(leaf))) return 'set';
  if (m.unit === '%' && OUTPUT.test(leaf)) return 'output';
  if (m.kind === 'measurement' && (/(_actual|_pv|_act)$/.test(leaf) || m.unit !== '%')) return 'actual';
  return undefined;
}

function sectionOfGroup(group: string): SectionId | undefined {
  if (/^(zone\d*|z\d+|nozzle|feed_?throat|barrel\w*|drop_?\w*|manifold\w*)$/.test(group)) return 'zones';
  if (/^(circuit\w*|channel\w*|cooling\w*|supply|return)$/.test(group)) return 'circuits';
  if (/^(cav\w*)$/.test(group)) return 'cavity';
  if (/^(clamp\w*|tie_?bar\w*|platen\w*|ejector\w*)$/.test(group)) return 'clamp';
  if (/^(oil\w*|hydraulic\w*|pump\w*|accumulator\w*)$/.test(group)) return 'hydraulics';
  if (/^(axis\w*|pos\w*|gripper\w*|vacuum\w*|eoat)$/.test(group)) return 'robot';
  if (/^(meter\w*|energy\w*|power\w*)$/.test(group)) return 'energy';
  return undefined;
}

function sectionOfSignal(m: WireSignalMeta): SectionId {
  const id = localId(m);
  if (m.kind === 'counter') return 'counters';
  if (m.kind === 'state' || m.type === 'bool' || m.type === 'enum' || m.type === 'string') return 'status';
  if (/(kw|kwh|sec)$/i.test(m.unit) || /^(A|V|kVA)$/.test(m.unit) || /energy|power_kw|current/.test(id))
    return 'energy';
  if (/cav(ity)?/.test(id)) return 'cavity';
  if (/clamp|tie_?bar|platen|ejector|mould_protect|tonnage/.test(id) || m.unit === 'kN') return 'clamp';
  if (/oil|hydraulic|pump|accumulator/.test(id)) return 'hydraulics';
  if (
    /inj|hold|transfer|cushion|screw|dos|fill|shot|decomp|back_pressure|velocity|speed|stroke|rpm|torque|melt/.test(
      id,
    )
  )
    return 'injection';
  if (m.unit === 's') return 'times';
  if (/flow|supply|return|circuit/.test(id) || m.unit === 'L/min') return 'circuits';
  if (/vacuum|pos|axis|grip/.test(id) || m.unit === 'kPa') return 'robot';
  if (/reject|bright|dim|defect|vision|score/.test(id)) return 'vision';
  return 'values';
}

const SECTION_ORDER: SectionId[] = [
  'status',
  'zones',
  'injection',
  'times',
  'clamp',
  'hydraulics',
  'circuits',
  'cavity',
  'robot',
  'vision',
  'energy',
  'counters',
  'values',
];

interface MutableRow {
  id: string;
  actual?: WireSignalMeta;
  set?: WireSignalMeta;
  output?: WireSignalMeta;
  extra: WireSignalMeta[];
}

const numeric = (m: WireSignalMeta) => m.type === 'float' || m.type === 'int';
const statelike = (m: WireSignalMeta) => m.kind === 'state' || m.kind === 'counter' || !numeric(m);

/**
 * The sections of one equipment's faceplate. A group of signals is shown as
 * - one row when it is a known row-like group (zones, circuits, cavities, axes…) or a small numeric one
 *   (`machine.power` + `machine.energy`);
 * - its own section otherwise (`last.*`: the last shot's values; `job.*`: the job), one row per signal,
 *   or a list when it only holds states and counters.
 */
export function faceplate(metas: readonly WireSignalMeta[]): Section[] {
  const rowsBySection = new Map<Section['id'], Map<string, MutableRow>>();
  const rowOf = (section: Section['id'], id: string): MutableRow => {
    let rows = rowsBySection.get(section);
    if (!rows) rowsBySection.set(section, (rows = new Map()));
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { id, extra: [] }));
    return r;
  };
  const groups = new Map<string, WireSignalMeta[]>();
  for (const m of metas) {
    const parts = localId(m).split('.');
    const group = parts.length > 1 ? parts.slice(0, -1).join('.') : '';
    const list = groups.get(group) ?? [];
    list.push(m);
    groups.set(group, list);
  }
  const groupSections: Section['id'][] = [];
  for (const [group, list] of groups) {
    const gSection = group ? sectionOfGroup(group.split('.')[0]!) : undefined;
    const smallNumeric =
      list.length >= 2 && list.length <= 4 && list.every(numeric) && list.every((m) => !statelike(m));
    const asRow = !!group && list.length > 1 && (gSection !== undefined || smallNumeric);
    const ownSection: Section['id'] | undefined =
      group && list.length > 1 && !asRow ? `group:${group}` : undefined;
    if (ownSection) groupSections.push(ownSection);
    for (const m of list) {
      const leaf = localId(m).split('.').at(-1)!;
      // a row group is one row (zone1: actual, set, output, current…); other signals pair by stem
      const section = ownSection ?? (asRow ? (gSection ?? sectionOfSignal(list[0]!)) : sectionOfSignal(m));
      const rowId = asRow ? group : `${group ? `${group}.` : ''}${leaf.replace(STEM, '')}`;
      const r = rowOf(section, rowId);
      const col = m.kind === 'state' || m.kind === 'counter' ? undefined : columnOf(m);
      if (col && !r[col]) r[col] = m;
      else r.extra.push(m);
    }
  }
  const out: Section[] = [];
  for (const id of [...SECTION_ORDER.slice(0, -1), ...groupSections.sort(), 'values' as const]) {
    const rows = rowsBySection.get(id);
    if (!rows?.size) continue;
    const list = [...rows.values()].sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
    const all = list.flatMap((r) =>
      [r.actual, r.set, r.output, ...r.extra].filter((x) => !!x),
    ) as WireSignalMeta[];
    const layout =
      id === 'zones'
        ? 'zones'
        : id === 'status' || id === 'counters' || all.every(statelike)
          ? 'list'
          : 'table';
    out.push({ id, rows: list, layout, ...(id.startsWith('group:') ? { group: id.slice(6) } : {}) });
  }
  return out;
}

/** The few values that best summarise an equipment on the synoptic. */
export function headline(metas: readonly WireSignalMeta[], n = 4): WireSignalMeta[] {
  const score = (m: WireSignalMeta) => {
    const id = localId(m);
    let s = 0;
    if (m.kind === 'measurement') s += 10;
    if (m.kind === 'state') s += 6;
    if (/mode|state|status|running|result/.test(id)) s += 8;
    if (/(_actual|_pv|temp|pressure|flow|vacuum|dew|speed|kw)/.test(id)) s += 3;
    if (m.type === 'string') s -= 5;
    return s;
  };
  return [...metas]
    .sort((a, b) => score(b) - score(a) || a.key.localeCompare(b.key, undefined, { numeric: true }))
    .slice(0, n);
}
