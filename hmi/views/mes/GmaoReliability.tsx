/**
 * GMAO — reliability and predictive maintenance: MTBF/MTTR per equipment (corrective breakdown work
 * orders) and per stop reason (MES stops), the predictive indicators with their basis and status, and the
 * check-ring wear trend as the scatter of the cushion over a rolling window of shots (F03-type wear shows
 * as a growing σ; docs/mes.md "Predictive indicators").
 */
import { useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { Chart, COLORS, tickValues } from '../../src/components/Chart.tsx';
import { lang, t } from '../../src/i18n.ts';
import { gmao, mes } from '../../src/mes/api.ts';
import { code, dur, num, tr, when } from '../../src/mes/format.ts';
import { Badge, LoadState, Section, type Tone, useLoad } from '../../src/mes/ui.tsx';

const indicatorTone = (s: string): Tone =>
  s === 'alert' ? 'alarm' : s === 'watch' ? 'warn' : s === 'ok' ? 'ok' : 'neutral';

/** Sample standard deviation of each window of `w` consecutive values ending at i (null before). */
export function rollingSigma(x: readonly number[], w: number): (number | null)[] {
  return x.map((_, i) => {
    if (i + 1 < w) return null;
    const s = x.slice(i + 1 - w, i + 1);
    const m = s.reduce((a, b) => a + b, 0) / w;
    return Math.sqrt(s.reduce((a, b) => a + (b - m) ** 2, 0) / (w - 1));
  });
}

function CushionTrend() {
  const [window, setWindow] = useState(30);
  const l = useLoad(() => mes.chart({ variable: 'cushion', cavity: 0, type: 'imr', n: 5, last: 500 }), [], {
    live: true,
  });
  const pts = l.data?.points ?? [];
  const xs = pts.map((p) => p.shot);
  const sig = rollingSigma(
    pts.map((p) => p.value),
    window,
  );
  const valid = sig.filter((x): x is number => x !== null);
  const first = valid[0] ?? null;
  const lastV = valid[valid.length - 1] ?? null;
  const data = [xs, sig, xs.map(() => first)] as uPlot.AlignedData;
  const options = (width: number): uPlot.Options => ({
    width,
    height: 220,
    scales: { x: { time: false } },
    axes: [
      { label: t('spc.shot'), stroke: '#1a1f24', values: tickValues },
      { label: 'σ (mm)', stroke: '#1a1f24', values: tickValues, size: 60 },
    ],
    series: [
      { label: t('spc.shot') },
      { label: t('gmao.sigmaRolling', { n: window }), stroke: COLORS[0]!, width: 2 },
      { label: t('gmao.sigmaFirst'), stroke: '#404040', dash: [8, 4], width: 1.5 },
    ],
  });
  return (
    <Section id="gmao-trend-title" title={t('gmao.trendTitle')} onRefresh={l.reload}>
      <p class="hint">{t('gmao.trendHint')}</p>
      <div class="toolbar">
        <label for="trend-window">{t('gmao.trendWindow')}</label>
        <select
          id="trend-window"
          value={String(window)}
          onChange={(e) => setWindow(Number(e.currentTarget.value))}
        >
          {[10, 20, 30, 50].map((k) => (
            <option value={String(k)} key={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <LoadState l={l} empty={!!l.data && valid.length === 0} />
      {valid.length ? (
        <>
          <Chart
            config={`${window}|${lang.value}|${xs.length > 0}`}
            options={options}
            data={data}
            label={t('gmao.trendLabel', { n: window })}
          />
          <p>
            {t('gmao.trendText', {
              first: num(first, 3),
              last: num(lastV, 3),
              ratio: first && lastV ? num(lastV / first, 2) : '—',
            })}
          </p>
        </>
      ) : null}
    </Section>
  );
}

export function GmaoReliabilityTab() {
  const rel = useLoad(() => gmao.reliability(), []);
  const pred = useLoad(() => gmao.predictive(), [], { live: true });
  const r = rel.data;
  return (
    <>
      <Section id="gmao-pred-title" title={t('gmao.predTitle')} onRefresh={pred.reload}>
        <LoadState l={pred} />
        {pred.data ? (
          <div class="table-wrap">
            <table id="gmao-predictive">
              <caption>{t('gmao.predCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('gmao.indicator')}</th>
                  <th scope="col">{t('gmao.equipment')}</th>
                  <th scope="col" class="num">
                    {t('gmao.baseline')}
                  </th>
                  <th scope="col" class="num">
                    {t('gmao.recent')}
                  </th>
                  <th scope="col" class="num">
                    {t('gmao.change')}
                  </th>
                  <th scope="col" class="num">
                    {t('gmao.trendPerHour')}
                  </th>
                  <th scope="col">{t('gmao.statusCol')}</th>
                  <th scope="col">{t('gmao.basis')}</th>
                </tr>
              </thead>
              <tbody>
                {pred.data.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">{tr(x.label, x.id)}</th>
                    <td>{x.equipment}</td>
                    <td class="num">
                      {num(x.baseline, 3)} {x.unit}
                    </td>
                    <td class="num">
                      {num(x.recent, 3)} {x.unit}
                    </td>
                    <td class="num">
                      {x.change === null
                        ? '—'
                        : x.changeKind === 'ratio'
                          ? `× ${num(x.change, 2)}`
                          : `${x.change >= 0 ? '+' : '−'}${num(Math.abs(x.change), 3)} ${x.unit}`}
                    </td>
                    <td class="num">
                      {x.trendPerHour === null ? '—' : `${num(x.trendPerHour, 3)} ${x.unit}/h`}
                    </td>
                    <td>
                      <Badge tone={indicatorTone(x.status)}>{code('gmao.indStatus', x.status)}</Badge>
                    </td>
                    <td class="hint">{x.basis}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>
      <CushionTrend />
      <Section id="gmao-rel-title" title={t('gmao.relTitle')} onRefresh={rel.reload}>
        <LoadState l={rel} />
        {r ? (
          <>
            <p class="hint">{t('gmao.observedFrom', { at: when(r.observedFromIso, true) })}</p>
            <div class="table-wrap">
              <table id="gmao-mtbf">
                <caption>{t('gmao.perEquipment')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('gmao.equipment')}</th>
                    <th scope="col" class="num">
                      {t('gmao.failures')}
                    </th>
                    <th scope="col" class="num">
                      MTBF
                    </th>
                    <th scope="col" class="num">
                      MTTR
                    </th>
                    <th scope="col">{t('gmao.lastFailure')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.perEquipment.map((e) => (
                    <tr key={e.equipment}>
                      <th scope="row">
                        {tr(e.name, e.equipment)} <code class="key">{e.equipment}</code>
                      </th>
                      <td class="num">{num(e.failures)}</td>
                      <td class="num">{e.mtbfH === null ? '—' : `${num(e.mtbfH, 1)} h`}</td>
                      <td class="num">{e.mttrH === null ? '—' : `${num(e.mttrH, 2)} h`}</td>
                      <td>{when(e.lastFailureIso, true)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {r.perStopReason.length ? (
              <div class="table-wrap">
                <table>
                  <caption>{t('gmao.perReason')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('mes.downtime.reason')}</th>
                      <th scope="col">{t('mes.downtime.category')}</th>
                      <th scope="col" class="num">
                        {t('mes.oee.count')}
                      </th>
                      <th scope="col" class="num">
                        {t('mes.downtime.duration')}
                      </th>
                      <th scope="col" class="num">
                        MTTR
                      </th>
                      <th scope="col" class="num">
                        MTBF
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.perStopReason.map((s) => (
                      <tr key={s.reason}>
                        <th scope="row">{s.reason}</th>
                        <td>{code('mes.category', s.category)}</td>
                        <td class="num">{num(s.count)}</td>
                        <td class="num">{dur(s.seconds)}</td>
                        <td class="num">{s.mttrMin === null ? '—' : `${num(s.mttrMin, 1)} min`}</td>
                        <td class="num">{s.mtbfH === null ? '—' : `${num(s.mtbfH, 2)} h`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </>
        ) : null}
      </Section>
    </>
  );
}
