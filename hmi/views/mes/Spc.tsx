/**
 * SPC (domain-model §6.2–6.3; docs/mes.md "SPC"): per cavity X̄–R (n consecutive shots of one cavity) and
 * I-MR charts of the MES variables (weight, key dimension, cavity peak, cushion…), drawn with uPlot: centre
 * line and control limits from the stable reference period (or provisional, said so), the ±1σ and ±2σ
 * zones, and the Western Electric / Nelson rule violations marked on the chart with a symbol and the
 * rule's name — and listed as text — for the rule set the candidate chooses. Capability (Cp, Cpk, Pp, Ppk)
 * with its interpretation band. A technician sets the limits from a chosen stable period (`spc.set_limits`,
 * with the rules the station then watches online) or clears them. Each chart looked at is journaled.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { announce } from '../../src/components/Announcer.tsx';
import { Chart, COLORS, tickValues } from '../../src/components/Chart.tsx';
import { cite } from '../../src/draft.ts';
import { lang, parseNum, t } from '../../src/i18n.ts';
import { absTime, view } from '../../src/live.ts';
import { type MesSpcCatalogue, type MesSpcChart, mes } from '../../src/mes/api.ts';
import { code, num, tr, whenSim } from '../../src/mes/format.ts';
import {
  Badge,
  Kpi,
  LevelNote,
  LoadState,
  OutcomeText,
  Section,
  type Tone,
  useAct,
  useLoad,
  useNeedsTechnician,
} from '../../src/mes/ui.tsx';

type ChartType = 'xbar_r' | 'imr';
type RuleInfo = MesSpcCatalogue['rules'][number];
const WE = ['WE1', 'WE2', 'WE3', 'WE4'] as const;
const NELSON = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;
type RuleId = (typeof WE)[number] | (typeof NELSON)[number];
const LASTS = [50, 100, 200, 500, 0] as const;

/** Decimals that show the chart's spread. */
const decimalsFor = (c: MesSpcChart): number => {
  const s = c.limits?.sigmaPlot ?? 0;
  return s > 0 ? Math.max(1, Math.min(5, Math.ceil(-Math.log10(s)) + 1)) : 3;
};

const verdictTone = (v: string): Tone =>
  v === 'adequate' ? 'ok' : v === 'monitor' ? 'warn' : v === 'unknown' ? 'neutral' : 'alarm';

interface Mark {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

/**
 * Draw each violation as an outlined triangle with the rule names above it (a shape and a text, not a
 * colour: WCAG 1.4.1).
 */
function markPlugin(marks: () => readonly Mark[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const ctx = u.ctx;
          const px = devicePixelRatio || 1;
          ctx.save();
          ctx.font = `${Math.round(12 * px)}px system-ui, sans-serif`;
          ctx.textAlign = 'center';
          ctx.lineWidth = 2 * px;
          for (const m of marks()) {
            const x = u.valToPos(m.x, 'x', true);
            const y = u.valToPos(m.y, 'y', true);
            if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
            const r = 7 * px;
            ctx.beginPath();
            ctx.moveTo(x, y - r);
            ctx.lineTo(x + r, y + r * 0.8);
            ctx.lineTo(x - r, y + r * 0.8);
            ctx.closePath();
            ctx.strokeStyle = '#a3211a';
            ctx.stroke();
            ctx.fillStyle = '#1a1f24';
            ctx.fillText(m.text, x, y - r - 3 * px);
          }
          ctx.restore();
        },
      ],
    },
  };
}

function ControlChart(props: {
  c: MesSpcChart;
  which: 'main' | 'spread';
  rules: ReadonlySet<string>;
  label: string;
}) {
  const { c, which } = props;
  const L = c.limits;
  const pts = c.points;
  const xs = pts.map((p) => p.shot);
  const main = which === 'main';
  const values = pts.map((p) => (main ? p.value : p.spread));
  const centre = L ? (main ? L.center : L.type === 'imr' ? L.mrbar : L.rbar) : null;
  const ucl = L ? (main ? L.ucl : L.type === 'imr' ? L.mrUcl : L.rUcl) : null;
  const lcl = L ? (main ? L.lcl : L.type === 'imr' ? 0 : L.rLcl) : null;
  const s = L?.sigmaPlot ?? 0;
  const flat = (v: number | null) => xs.map(() => v);
  const shown = (rules: readonly string[]) =>
    rules.filter((r) => (main ? r !== 'R' && r !== 'MR' && props.rules.has(r) : r === 'R' || r === 'MR'));
  const marks: Mark[] = pts.flatMap((p, i) => {
    const r = shown(p.rules);
    const y = values[i];
    return r.length && y !== null && y !== undefined ? [{ x: p.shot, y, text: r.join(' ') }] : [];
  });
  const lines: { label: string; data: (number | null)[]; dash: number[]; color: string; width: number }[] = [
    { label: t('spc.centre'), data: flat(centre), dash: [], color: '#404040', width: 1.5 },
    { label: t('spc.ucl'), data: flat(ucl), dash: [8, 4], color: '#a3211a', width: 1.5 },
    { label: t('spc.lcl'), data: flat(lcl), dash: [8, 4], color: '#a3211a', width: 1.5 },
  ];
  if (main && L && s > 0) {
    lines.push(
      { label: '+2σ', data: flat(L.center + 2 * s), dash: [2, 4], color: '#6b7782', width: 1 },
      { label: '−2σ', data: flat(L.center - 2 * s), dash: [2, 4], color: '#6b7782', width: 1 },
      { label: '+1σ', data: flat(L.center + s), dash: [1, 6], color: '#6b7782', width: 1 },
      { label: '−1σ', data: flat(L.center - s), dash: [1, 6], color: '#6b7782', width: 1 },
    );
  }
  const data = [xs, values, ...lines.map((l) => l.data)] as uPlot.AlignedData;
  const d = decimalsFor(c);
  const options = (width: number): uPlot.Options => ({
    width,
    height: main ? 300 : 200,
    scales: { x: { time: false } },
    axes: [
      { label: t('spc.shot'), stroke: '#1a1f24', values: tickValues },
      {
        label: `${main ? (c.type === 'imr' ? 'I' : 'X̄') : c.type === 'imr' ? 'MR' : 'R'} (${c.unit})`,
        stroke: '#1a1f24',
        values: tickValues,
        size: 70,
      },
    ],
    series: [
      { label: t('spc.shot') },
      {
        label: main
          ? c.type === 'imr'
            ? t('spc.individual')
            : t('spc.mean')
          : c.type === 'imr'
            ? t('spc.mr')
            : t('spc.range'),
        stroke: COLORS[0]!,
        width: 2,
        points: { show: true, size: 6 },
        value: (_u, v) => (v == null ? '—' : num(v, d)),
      },
      ...lines.map((l) => ({
        label: l.label,
        stroke: l.color,
        dash: l.dash,
        width: l.width,
        points: { show: false },
        value: (_u: uPlot, v: number | null) => (v == null ? '—' : num(v, d)),
      })),
    ],
    plugins: [markPlugin(() => marks)],
  });
  return (
    <Chart
      config={`${c.variable}|${c.cavity}|${c.type}|${which}|${lines.length}|${[...props.rules].join()}|${lang.value}|${pts.length}`}
      options={options}
      data={data}
      label={props.label}
    />
  );
}

function Capability({ c }: { c: MesSpcChart }) {
  const cap = c.capability;
  if (!cap) return <p>{t('spc.noCapability')}</p>;
  return (
    <>
      <dl class="kpis">
        <Kpi label="Cp" value={num(cap.cp, 2)} />
        <Kpi label="Cpk" value={num(cap.cpk, 2)} />
        <Kpi label="Pp" value={num(cap.pp, 2)} />
        <Kpi label="Ppk" value={num(cap.ppk, 2)} />
        <Kpi label={t('spc.nMean')} value={`${num(cap.n)} · ${num(cap.mean, decimalsFor(c))}`} sub={c.unit} />
        <Kpi
          label={t('spc.sigmas')}
          value={`${num(cap.sigmaWithin, decimalsFor(c))} / ${num(cap.sigmaOverall, decimalsFor(c))}`}
          sub={t('spc.withinOverall')}
        />
        <Kpi label={t('spc.specLimits')} value={`${num(cap.lsl, 3)} – ${num(cap.usl, 3)}`} sub={c.unit} />
      </dl>
      <p id="spc-verdict">
        <Badge tone={verdictTone(cap.verdict)}>{code('spc.verdict', cap.verdict)}</Badge>{' '}
        {cap.verdict !== 'unknown' ? t('spc.verdictBasis') : null}
      </p>
      <ul class="bands" aria-label={t('spc.bands')}>
        {(['adequate', 'monitor', 'not_adequate', 'poor'] as const).map((b) => (
          <li key={b}>
            {cap.verdict === b ? (
              <strong>
                <span aria-hidden="true">▶</span> {t(`spc.band.${b}`)} ({t('spc.current')})
              </strong>
            ) : (
              t(`spc.band.${b}`)
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function RulePicker(props: {
  rules: readonly RuleInfo[];
  chosen: ReadonlySet<string>;
  onChange: (s: Set<string>) => void;
}) {
  const text = (id: string) => {
    const r = props.rules.find((x) => x.id === id);
    return r ? tr(r) : id;
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(props.chosen);
    if (on) next.add(id);
    else next.delete(id);
    props.onChange(next);
  };
  const group = (title: string, ids: readonly string[]) => (
    <fieldset class="field">
      <legend>{title}</legend>
      <div class="rules">
        {ids.map((id) => (
          <span class="check" key={id}>
            <input
              id={`rule-${id}`}
              type="checkbox"
              checked={props.chosen.has(id)}
              onChange={(e) => toggle(id, e.currentTarget.checked)}
            />
            <label for={`rule-${id}`}>
              {id} — {text(id)}
            </label>
          </span>
        ))}
      </div>
    </fieldset>
  );
  return (
    <div>
      <div class="buttons">
        <button type="button" class="small" onClick={() => props.onChange(new Set(WE))}>
          {t('spc.onlyWe')}
        </button>
        <button type="button" class="small" onClick={() => props.onChange(new Set(NELSON))}>
          {t('spc.onlyNelson')}
        </button>
        <button type="button" class="small" onClick={() => props.onChange(new Set([...WE, ...NELSON]))}>
          {t('spc.allRules')}
        </button>
      </div>
      {group(t('spc.we'), WE)}
      {group(t('spc.nelson'), NELSON)}
    </div>
  );
}

function LimitsForm(props: { c: MesSpcChart; rules: ReadonlySet<string>; onDone: () => void }) {
  const { c } = props;
  const first = c.points[0]?.shots?.[0] ?? c.points[0]?.shot;
  const last = c.points[c.points.length - 1]?.shot;
  const [from, setFrom] = useState(first !== undefined ? String(first) : '');
  const [to, setTo] = useState(last !== undefined ? String(last) : '');
  const [lsl, setLsl] = useState('');
  const [usl, setUsl] = useState('');
  const a = useAct();
  const needs = useNeedsTechnician('spc.set_limits');
  const ruleList = [...props.rules].filter(
    (r): r is RuleId => (WE as readonly string[]).includes(r) || (NELSON as readonly string[]).includes(r),
  );
  return (
    <form
      class="mes-form"
      id="spc-limits-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const sf = Number(from);
        const st = Number(to);
        const lo = parseNum(lsl);
        const hi = parseNum(usl);
        const r = await a.run(
          'spc.set_limits',
          {
            variable: c.variable,
            cavity: c.cavity,
            chart: c.type,
            n: c.n,
            ...(from.trim() && Number.isInteger(sf) ? { shotFrom: sf } : {}),
            ...(to.trim() && Number.isInteger(st) ? { shotTo: st } : {}),
            rules: ruleList,
            ...(Number.isFinite(lo) ? { lsl: lo } : {}),
            ...(Number.isFinite(hi) ? { usl: hi } : {}),
          },
          t('spc.limitsSet', { from, to }),
        );
        if (r.ok) props.onDone();
      }}
    >
      <p class="hint">{t('spc.limitsHint')}</p>
      <div class="row">
        <div class="field">
          <label for="lim-from">{t('spc.refFrom')}</label>
          <input
            id="lim-from"
            inputMode="numeric"
            size={8}
            value={from}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="lim-to">{t('spc.refTo')}</label>
          <input
            id="lim-to"
            inputMode="numeric"
            size={8}
            value={to}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="lim-lsl">{t('spc.lsl')}</label>
          <input
            id="lim-lsl"
            inputMode="decimal"
            size={8}
            value={lsl}
            onInput={(e) => setLsl(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="lim-usl">{t('spc.usl')}</label>
          <input
            id="lim-usl"
            inputMode="decimal"
            size={8}
            value={usl}
            onInput={(e) => setUsl(e.currentTarget.value)}
          />
        </div>
      </div>
      <p>{t('spc.rulesSent', { rules: ruleList.join(', ') || '—' })}</p>
      <div class="buttons">
        <button type="submit" class="primary" disabled={needs || a.busy}>
          {t('spc.setLimits')}
        </button>
        {c.reference ? (
          <button
            type="button"
            disabled={needs || a.busy}
            onClick={async () => {
              const r = await a.run(
                'spc.clear_limits',
                { variable: c.variable, cavity: c.cavity, chart: c.type },
                t('spc.limitsCleared'),
              );
              if (r.ok) props.onDone();
            }}
          >
            {t('spc.clearLimits')}
          </button>
        ) : null}
        <LevelNote action="spc.set_limits" />
      </div>
      <OutcomeText o={a.outcome} />
    </form>
  );
}

export function SpcView() {
  const cat = useLoad(() => mes.spc(), []);
  const [variable, setVariable] = useState('weight');
  const [cavity, setCavity] = useState(1);
  const [type, setType] = useState<ChartType>('xbar_r');
  const [n, setN] = useState(5);
  const [last, setLast] = useState<number>(200);
  const [rules, setRules] = useState<Set<string> | null>(null);
  const vars = cat.data?.variables ?? [];
  const v = vars.find((x) => x.id === variable) ?? vars[0];
  const cav = v ? (v.perCavity ? (v.cavities.includes(cavity) ? cavity : (v.cavities[0] ?? 1)) : 0) : cavity;
  const key = `${v?.perCavity ? `${variable}.${cav}` : variable}:${type}`;
  const ch = useLoad(
    () => mes.chart({ variable, cavity: cav, type, n, ...(last ? { last } : {}) }),
    [variable, cav, type, n, last],
    { live: true },
  );
  const viol = useLoad(() => mes.violations(), [], { live: true });
  useEffect(() => {
    view('spc', { target: key });
  }, [key]);
  const c = ch.data;
  // the candidate's rule set: the chart's chosen rules until the candidate picks their own
  const chosen = useMemo(
    () => rules ?? new Set<string>(c?.enabledRules ?? WE),
    [rules, c?.enabledRules.join()],
  );
  const ruleText = (id: string) => {
    if (id === 'R' || id === 'MR') return t(`spc.rule.${id}`);
    const r = cat.data?.rules.find((x) => x.id === id);
    return r ? tr(r) : id;
  };
  const shownViolations = (c?.violations ?? []).filter(
    (x) => x.rule === 'R' || x.rule === 'MR' || chosen.has(x.rule),
  );
  const online = (viol.data ?? [])
    .filter((x) => x.chart === key)
    .slice(-20)
    .reverse();
  const varLabel = v ? tr(v.label, v.id) : variable;
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('spc.title')}
      </h1>
      <LoadState l={cat} />
      <div class="toolbar">
        <label for="spc-var">{t('spc.variable')}</label>
        <select id="spc-var" value={v?.id ?? variable} onChange={(e) => setVariable(e.currentTarget.value)}>
          {vars.map((x) => (
            <option value={x.id} key={x.id}>
              {tr(x.label, x.id)} ({x.unit})
            </option>
          ))}
        </select>
        {v?.perCavity ? (
          <>
            <label for="spc-cav">{t('spc.cavity')}</label>
            <select
              id="spc-cav"
              value={String(cav)}
              onChange={(e) => setCavity(Number(e.currentTarget.value))}
            >
              {v.cavities.map((k) => (
                <option value={String(k)} key={k}>
                  {t('mes.order.cavityN', { n: k })}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <label for="spc-type">{t('spc.chartType')}</label>
        <select id="spc-type" value={type} onChange={(e) => setType(e.currentTarget.value as ChartType)}>
          <option value="xbar_r">{t('spc.xbarR')}</option>
          <option value="imr">{t('spc.imr')}</option>
        </select>
        {type === 'xbar_r' ? (
          <>
            <label for="spc-n">{t('spc.n')}</label>
            <select id="spc-n" value={String(n)} onChange={(e) => setN(Number(e.currentTarget.value))}>
              {[2, 3, 4, 5].map((k) => (
                <option value={String(k)} key={k}>
                  {k}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <label for="spc-last">{t('spc.last')}</label>
        <select id="spc-last" value={String(last)} onChange={(e) => setLast(Number(e.currentTarget.value))}>
          {LASTS.map((k) => (
            <option value={String(k)} key={k}>
              {k ? t('spc.lastN', { n: k }) : t('spc.all')}
            </option>
          ))}
        </select>
        <button type="button" onClick={ch.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <LoadState l={ch} empty={!!c && c.points.length === 0} />
      {c && c.points.length > 0 ? (
        <>
          <Section
            id="spc-chart-title"
            title={t('spc.chartTitle', {
              type: t(`spc.${c.type === 'imr' ? 'imr' : 'xbarR'}`),
              v: varLabel,
              cav: c.cavity ? t('mes.order.cavityN', { n: c.cavity }) : t('spc.perShot'),
            })}
          >
            {c.provisional ? (
              <p class="warn" id="spc-provisional">
                <span aria-hidden="true">▲</span> {t('spc.provisional')}
              </p>
            ) : c.reference ? (
              <p class="ok" id="spc-reference">
                <span aria-hidden="true">✓</span>{' '}
                {t('spc.reference', {
                  from: c.reference.fromShot,
                  to: c.reference.toShot,
                  points: c.reference.points,
                })}
              </p>
            ) : null}
            {c.limits ? (
              <p>
                {t('spc.limitsText', {
                  cl: num(c.limits.center, decimalsFor(c)),
                  ucl: num(c.limits.ucl, decimalsFor(c)),
                  lcl: num(c.limits.lcl, decimalsFor(c)),
                  sigma: num(c.limits.sigmaPlot, decimalsFor(c)),
                  unit: c.unit,
                })}
              </p>
            ) : null}
            <ControlChart
              c={c}
              which="main"
              rules={chosen}
              label={t('spc.chartLabel', { v: varLabel, n: c.points.length, k: shownViolations.length })}
            />
            <ControlChart c={c} which="spread" rules={chosen} label={t('spc.spreadLabel', { v: varLabel })} />
            <p class="hint">{t('spc.legend')}</p>
          </Section>
          <Section id="spc-violations-title" title={t('spc.violationsTitle', { n: shownViolations.length })}>
            {shownViolations.length ? (
              <div class="table-wrap">
                <table id="spc-violations">
                  <caption>{t('spc.violationsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('spc.shot')}</th>
                      <th scope="col">{t('spc.ruleCol')}</th>
                      <th scope="col" class="num">
                        {t('spc.value')}
                      </th>
                      <th scope="col">{t('spc.watched')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...shownViolations].reverse().map((x, i) => (
                      <tr key={`${x.shot}-${x.rule}-${i}`}>
                        <td>{x.shot}</td>
                        <td>
                          <span class="viol-mark">
                            <span aria-hidden="true">▲</span> {x.rule}
                          </span>{' '}
                          — {ruleText(x.rule)}
                        </td>
                        <td class="num">{num(x.value, decimalsFor(c))}</td>
                        <td>{x.enabled ? t('value.yes') : t('value.no')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>
                <Badge tone="ok">{t('spc.inControl')}</Badge>
              </p>
            )}
            <button
              type="button"
              onClick={() => {
                const ts = c.points.map((p) => p.t);
                const k = cite([
                  {
                    kind: 'observation',
                    ref: `spc/${key}`,
                    ...(ts.length ? { from: absTime(ts[0]!), to: absTime(ts[ts.length - 1]!) } : {}),
                    note: (shownViolations.length
                      ? shownViolations
                          .slice(-5)
                          .map((x) => `${x.rule} @${x.shot}`)
                          .join(', ')
                      : t('spc.inControl')
                    ).slice(0, 500),
                  },
                ]);
                announce(t('mes.cited', { n: k }));
              }}
            >
              {t('mes.cite')}
            </button>
          </Section>
          <Section id="spc-rules-title" title={t('spc.rulesTitle')}>
            <RulePicker rules={cat.data?.rules ?? []} chosen={chosen} onChange={setRules} />
          </Section>
          <Section id="spc-cap-title" title={t('spc.capTitle')}>
            <Capability c={c} />
          </Section>
          <Section id="spc-limits-title" title={t('spc.limitsTitle')}>
            <LimitsForm key={key} c={c} rules={chosen} onDone={ch.reload} />
          </Section>
        </>
      ) : null}
      <Section id="spc-online-title" title={t('spc.onlineTitle')} onRefresh={viol.reload}>
        {online.length ? (
          <ul>
            {online.map((x) => (
              <li key={x.seq}>
                <span class="viol-mark">
                  <span aria-hidden="true">▲</span> {x.rule}
                </span>{' '}
                {whenSim(x.t)} —{' '}
                {t('spc.violationAt', { rule: ruleText(x.rule), chart: x.chart, shot: x.shot })}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('spc.noOnline')}</p>
        )}
        {cat.data?.charts.length ? (
          <p class="hint">
            {t('spc.chartsWithLimits')} :{' '}
            {cat.data.charts
              .map((x) => `${x.key}${x.alarm ? ` (${t('spc.inAlarm')})` : ''} — ${whenSim(x.setAt)}`)
              .join(' · ')}
          </p>
        ) : null}
      </Section>
    </>
  );
}
