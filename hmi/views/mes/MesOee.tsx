/**
 * MES — OEE / TRS per NF E60-182 (domain-model §6.1) by hour, shift or order: A × P × Q, TRG and TRE, the
 * time categories Tt → To → Tr → Tf → Tn → Tu with the losses between them, and "why did OEE drop this
 * hour?" as the API explains it (`GET …/mes/oee/why`): the factor most degraded against the previous hour,
 * the causes ranked by the time they cost, and what happened in that hour (stops with their reasons and
 * evidence, lot changes with the CoA, parameter and mode changes, alarms, quality decisions, SPC
 * violations). Both reads are journaled by the server; the explanation can be cited in the diagnosis.
 */
import { useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { announce } from '../../src/components/Announcer.tsx';
import { Chart, COLORS, DASHES, tickValues } from '../../src/components/Chart.tsx';
import { Value } from '../../src/components/Value.tsx';
import { cite } from '../../src/draft.ts';
import { formatValue } from '../../src/format.ts';
import { lang, t } from '../../src/i18n.ts';
import { keys, metaOf, simT } from '../../src/live.ts';
import { type MesOeeBucket, type MesOeeWhy, mes } from '../../src/mes/api.ts';
import { code, dur, localeNumbers, num, pct, tr, when } from '../../src/mes/format.ts';
import { timeLadder } from '../../src/mes/oee.ts';
import { Badge, LoadState, Section, useLoad } from '../../src/mes/ui.tsx';

type By = 'hour' | 'shift' | 'order';
type Align = 'clock' | 'session';

const FACTORS = ['availability', 'performance', 'quality'] as const;

function bucketLabel(b: MesOeeBucket, by: By): string {
  const running = b.toT > simT.value ? ` (${t('mes.oee.running')})` : '';
  if (by === 'order') return `${b.jobName ?? b.job ?? '—'}${b.order ? ` (${b.order})` : ''}${running}`;
  const span = `${when(b.start)} – ${when(b.end)}${running}`;
  return by === 'shift' && b.shift ? `${code('mes.oee.shiftName', b.shift)} ${span}` : span;
}

/** A parameter value as the MES logged it (an enum by its index) in words, from the signal's model. */
function paramValue(signal: string, v: string): string {
  const m = metaOf(signal);
  if (!m) return v;
  const n = Number(v);
  return formatValue(
    m,
    m.type === 'enum' || m.type === 'int' || m.type === 'float' ? (Number.isFinite(n) ? n : v) : v,
  );
}

/** The live KPI signals of the MES (rolling hour, session), as the socket gives them. */
function LiveKpis() {
  const list = keys.value.filter((k) => /^mes\.kpi\./.test(k.key));
  if (!list.length) return null;
  return (
    <dl class="kpis" aria-label={t('mes.oee.live')}>
      {list.map((m) => (
        <div class="kpi" key={m.key}>
          <dt>{tr(m.label, m.key)}</dt>
          <dd>
            <span class="kpi-value">
              <Value meta={m} />
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Ladder({ b }: { b: MesOeeBucket }) {
  const steps = timeLadder(b);
  const tt = steps[0]!.value || 1;
  return (
    <ol class="time-ladder" aria-label={t('mes.oee.ladder')}>
      {steps.map((s) => (
        <li key={s.id}>
          <span class="name">{t(`mes.oee.time.${s.id}`)}</span>
          <span class="track" aria-hidden="true">
            <span class="fill" style={{ width: `${Math.max(0, Math.min(100, (100 * s.value) / tt))}%` }} />
          </span>
          <span>{dur(s.value)}</span>
          {s.lossKind && s.loss > 0.5 ? (
            <span class="loss">
              (−{dur(s.loss)} {t(`mes.oee.lossKind.${s.lossKind}`)})
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Losses({ b }: { b: MesOeeBucket }) {
  const rows = [
    ...b.losses.planned.map((x) => ({ ...x, kind: 'planned' })),
    ...b.losses.availability.map((x) => ({ ...x, kind: 'availability' })),
    ...b.losses.performance.map((x) => ({ ...x, kind: 'performance' })),
    ...b.losses.quality.map((x) => ({ ...x, kind: 'quality' })),
  ];
  if (!rows.length) return <p>{t('mes.oee.noLoss')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>{t('mes.oee.lossesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('mes.oee.lossKindCol')}</th>
            <th scope="col">{t('mes.oee.cause')}</th>
            <th scope="col" class="num">
              {t('mes.oee.seconds')}
            </th>
            <th scope="col" class="num">
              {t('mes.oee.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.kind}-${r.cause}`}>
              <td>{t(`mes.oee.lossKind.${r.kind}`)}</td>
              <td>
                {causeText(r)} <code class="key">{r.cause}</code>
              </td>
              <td class="num">{dur(r.seconds)}</td>
              <td class="num">{num(r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A loss cause in words: the API's text, or the defect class from the dictionaries. */
const causeText = (c: { cause: string; text: { fr: string; en: string } }) =>
  c.text.fr === c.cause ? code('mes.defect', c.cause) : tr(c.text);

function Why({ w }: { w: MesOeeWhy }) {
  const lost = w.causes.reduce((a, c) => a + c.seconds, 0) || 1;
  const ev = w.events;
  return (
    <section class="why" aria-labelledby="why-title" id="mes-why">
      <h3 id="why-title">{t('mes.oee.whyTitle', { from: when(w.hour.start), to: when(w.hour.end) })}</h3>
      <p class="summary" role="status">
        {localeNumbers(tr(w.summary))}
      </p>
      <p>
        {w.mainFactor ? (
          <span class="why-main">
            <span aria-hidden="true">▼</span>{' '}
            {t('mes.oee.mainFactor', { f: t(`mes.oee.factor.${w.mainFactor}`) })}
          </span>
        ) : (
          t('mes.oee.noMainFactor')
        )}{' '}
        {w.previous
          ? t('mes.oee.vsPrevious', { now: pct(w.current.oee), before: pct(w.previous.oee) })
          : t('mes.oee.noPrevious')}
      </p>
      <div class="table-wrap">
        <table id="mes-why-causes">
          <caption>{t('mes.oee.causesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mes.oee.rank')}</th>
              <th scope="col">{t('mes.oee.factorCol')}</th>
              <th scope="col">{t('mes.oee.cause')}</th>
              <th scope="col" class="num">
                {t('mes.oee.seconds')}
              </th>
              <th scope="col" class="num">
                {t('mes.oee.count')}
              </th>
              <th scope="col">{t('mes.oee.shareOfLoss')}</th>
            </tr>
          </thead>
          <tbody>
            {w.causes.map((c, i) => (
              <tr key={`${c.factor}-${c.cause}`}>
                <td>{i + 1}</td>
                <td>{t(`mes.oee.factor.${c.factor}`)}</td>
                <td>
                  {causeText(c)} <code class="key">{c.cause}</code>
                </td>
                <td class="num">{dur(c.seconds)}</td>
                <td class="num">{num(c.count)}</td>
                <td class="num">{pct(c.seconds / lost)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>{t('mes.oee.events')}</h4>
      <ul>
        {ev.stops.map((s) => (
          <li key={`s${s.id}`}>
            <Badge tone={s.ongoing ? 'alarm' : 'warn'}>{t('mes.oee.ev.stop')}</Badge> {when(s.start)} –{' '}
            {s.end ? when(s.end) : t('mes.downtime.ongoing')} ({dur(s.durationS)}) :{' '}
            {tr(s.reasonText, s.reason)} — {code('mes.category', s.category)},{' '}
            {code('mes.source', s.reasonSource)}
            {s.evidence ? ` — ${t('mes.downtime.evidence')} ${s.evidence}` : ''}
            {s.comment ? ` — « ${s.comment} »` : ''}
          </li>
        ))}
        {ev.microStops ? (
          <li>
            <Badge tone="info">{t('mes.oee.ev.micro')}</Badge> {t('mes.oee.microStops', { n: ev.microStops })}
          </li>
        ) : null}
        {ev.lotChanges.map((c) => (
          <li key={`l${c.id}`}>
            <Badge tone={c.coaInSpec === false ? 'warn' : 'info'}>{t('mes.oee.ev.lot')}</Badge> {when(c.at)} :{' '}
            {c.from} → {c.to} ({t('mes.erp.mfi')} {num(c.coaMfi, 1)}
            {c.coaInSpec === false
              ? `, ${t('mes.erp.outOfSpec')}`
              : c.coaInSpec
                ? `, ${t('mes.erp.inSpec')}`
                : ''}
            )
          </li>
        ))}
        {ev.parameterChanges.map((p, i) => (
          <li key={`p${i}`}>
            <Badge tone="info">{t('mes.oee.ev.param')}</Badge> {when(p.at)} :{' '}
            <code class="key">{p.signal}</code> {paramValue(p.signal, p.from)} → {paramValue(p.signal, p.to)}
          </li>
        ))}
        {ev.modeChanges.map((m, i) => (
          <li key={`m${i}`}>
            <Badge tone="info">{t('mes.oee.ev.mode')}</Badge> {when(m.at)} : {code('mes.mode', m.mode)}
          </li>
        ))}
        {ev.alarms.map((a, i) => (
          <li key={`a${i}`}>
            <Badge
              tone={
                a.severity === 'alarm' || a.severity === 'critical'
                  ? 'alarm'
                  : a.severity === 'warning'
                    ? 'warn'
                    : 'info'
              }
            >
              {t('mes.oee.ev.alarm')}
            </Badge>{' '}
            {when(a.at)} : <code class="key">{`${a.equipment}/${a.code}`}</code> {tr(a.text)}
          </li>
        ))}
        {ev.qualityDecisions.map((d) => (
          <li key={`q${d.id}`}>
            <Badge tone="warn">{t('mes.oee.ev.quality')}</Badge> {when(d.at)} : {code('mes.decision', d.kind)}{' '}
            — {t('mes.quality.partsN', { n: d.parts })} — {d.reason}
          </li>
        ))}
        {ev.spcViolations.map((v) => (
          <li key={`v${v.seq}`}>
            <Badge tone="warn">{t('mes.oee.ev.spc')}</Badge>{' '}
            {t('spc.violationAt', { rule: v.rule, chart: v.chart, shot: v.shot })}
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() => {
          const from = Date.parse(w.hour.start);
          const to = Date.parse(w.hour.end);
          const n = cite([
            {
              kind: 'observation',
              ref: 'mes/oee/why',
              from,
              to: Math.max(from, to),
              note: tr(w.summary).slice(0, 500),
            },
          ]);
          announce(t('mes.cited', { n }));
        }}
      >
        {t('mes.cite')}
      </button>
    </section>
  );
}

export function MesOeeTab() {
  const [by, setBy] = useState<By>('hour');
  const [align, setAlign] = useState<Align>('clock');
  const [all, setAll] = useState(false);
  const [sel, setSel] = useState<number | null>(null);
  const l = useLoad(() => mes.oee(by, align, all ? 0 : undefined), [by, align, all]);
  const buckets = l.data?.buckets ?? [];
  const chosen = sel !== null ? buckets.find((b) => b.fromT === sel) : undefined;
  const why = useLoad(
    () => (chosen && by === 'hour' ? mes.why(chosen.fromT + 1, align) : Promise.resolve(null)),
    [chosen?.fromT, by, align],
  );
  const labels = buckets.map((b) => bucketLabel(b, by));
  const series = [
    { key: 'oee', label: t('mes.oee.trs') },
    ...FACTORS.map((f) => ({ key: f, label: t(`mes.oee.factor.${f}`) })),
  ] as const;
  const data = [
    buckets.map((_, i) => i),
    ...series.map((s) => buckets.map((b) => (b[s.key] === null ? null : 100 * (b[s.key] as number)))),
  ] as uPlot.AlignedData;
  const options = (width: number): uPlot.Options => ({
    width,
    height: 260,
    scales: {
      x: { time: false, range: [-0.5, Math.max(0.5, buckets.length - 0.5)] },
      y: { range: [0, 105] },
    },
    axes: [
      {
        stroke: '#1a1f24',
        splits: () => buckets.map((_, i) => i),
        values: (_u, splits) => splits.map((i) => (labels[i]?.split(' – ')[0] ?? '').slice(0, 14)),
      },
      { label: '%', stroke: '#1a1f24', values: tickValues },
    ],
    series: [
      { label: t('mes.oee.period'), value: (_u, i) => (i == null ? '—' : (labels[i] ?? '')) },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: COLORS[i]!,
        dash: DASHES[i]!,
        width: 2,
        points: { show: true, size: 7 },
      })),
    ],
  });
  return (
    <>
      <Section id="mes-oee-title" title={t('mes.oee.title')} onRefresh={l.reload}>
        <LiveKpis />
        <div class="toolbar">
          <label for="oee-by">{t('mes.oee.by')}</label>
          <select
            id="oee-by"
            value={by}
            onChange={(e) => {
              setBy(e.currentTarget.value as By);
              setSel(null);
            }}
          >
            {(['hour', 'shift', 'order'] as const).map((x) => (
              <option value={x} key={x}>
                {t(`mes.oee.byOpt.${x}`)}
              </option>
            ))}
          </select>
          <label for="oee-align">{t('mes.oee.align')}</label>
          <select id="oee-align" value={align} onChange={(e) => setAlign(e.currentTarget.value as Align)}>
            <option value="clock">{t('mes.oee.alignClock')}</option>
            <option value="session">{t('mes.oee.alignSession')}</option>
          </select>
          <span class="check">
            <input
              id="oee-all"
              type="checkbox"
              checked={all}
              onChange={(e) => setAll(e.currentTarget.checked)}
            />
            <label for="oee-all">{t('mes.oee.sinceStart')}</label>
          </span>
        </div>
        <LoadState l={l} empty={!!l.data && buckets.length === 0} />
        {buckets.length ? (
          <>
            <Chart
              config={`${by}|${align}|${all}|${buckets.length}|${lang.value}`}
              options={options}
              data={data}
              label={t('mes.oee.chartLabel', { n: buckets.length })}
            />
            <div class="table-wrap">
              <table id="mes-oee-table">
                <caption>{t('mes.oee.caption', { by: t(`mes.oee.byOpt.${by}`) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('mes.oee.period')}</th>
                    <th scope="col" class="num">
                      {t('mes.oee.trs')}
                    </th>
                    <th scope="col" class="num">
                      {t('mes.oee.a')}
                    </th>
                    <th scope="col" class="num">
                      {t('mes.oee.p')}
                    </th>
                    <th scope="col" class="num">
                      {t('mes.oee.q')}
                    </th>
                    <th scope="col" class="num">
                      TRG
                    </th>
                    <th scope="col" class="num">
                      TRE
                    </th>
                    <th scope="col" class="num">
                      {t('mes.oee.goodParts')}
                    </th>
                    <th scope="col">{t('mes.oee.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {buckets.map((b, i) => (
                    <tr key={`${b.fromT}-${b.job ?? ''}`} class={b.fromT === sel ? 'selected' : ''}>
                      <th scope="row">{labels[i]}</th>
                      <td class="num">{pct(b.oee)}</td>
                      <td class="num">{pct(b.availability)}</td>
                      <td class="num">
                        {pct(b.performance)}
                        {b.performanceFlag === 'above_100' ? (
                          <span title={t('mes.oee.above100')}>
                            {' '}
                            <span aria-hidden="true">⚑</span>
                            <span class="sr-only">{t('mes.oee.above100')}</span>
                          </span>
                        ) : null}
                      </td>
                      <td class="num">{pct(b.quality)}</td>
                      <td class="num">{pct(b.trg)}</td>
                      <td class="num">{pct(b.tre)}</td>
                      <td class="num">
                        {num(b.good)} / {num(b.parts)}
                      </td>
                      <td>
                        <button
                          type="button"
                          aria-pressed={b.fromT === sel}
                          onClick={() => setSel(b.fromT === sel ? null : b.fromT)}
                        >
                          {by === 'hour' ? t('mes.oee.why') : t('mes.oee.show')}
                          <span class="sr-only"> {labels[i]}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </Section>
      {chosen ? (
        <Section id="mes-oee-detail" title={t('mes.oee.detailTitle', { period: bucketLabel(chosen, by) })}>
          <p>
            {t('mes.oee.formula', {
              trs: pct(chosen.oee),
              a: pct(chosen.availability),
              p: pct(chosen.performance),
              q: pct(chosen.quality),
            })}{' '}
            {t('mes.oee.cycles', {
              shots: num(chosen.shots),
              avg: chosen.avgCycleS === null ? '—' : num(chosen.avgCycleS, 2),
              ref: chosen.refCycleS === null ? '—' : num(chosen.refCycleS, 2),
            })}
          </p>
          <Ladder b={chosen} />
          <Losses b={chosen} />
          {by === 'hour' ? (
            <>
              <LoadState l={why} />
              {why.data ? <Why w={why.data} /> : null}
            </>
          ) : null}
        </Section>
      ) : null}
    </>
  );
}
