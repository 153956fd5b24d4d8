/**
 * Per-shot charts and cavity-pressure curves (issue 6; domain-model §6.4, §7.3): any numeric field of the
 * shot records over the last shots (`GET /api/stations/:id/shots`, or the shots received live), and the
 * curves of the last N shots (`GET /api/stations/:id/shots/curves?last=N`) overlaid on a tolerance
 * envelope: a reference curve (the mean of the shots shown, or one the candidate fixed) ± a percentage of
 * its peak. Each can be cited as evidence.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { type CurveSet, getCurves, getShots, type ShotRow } from '../src/api.ts';
import { announce } from '../src/components/Announcer.tsx';
import { Chart, COLORS, DASHES, tickValues } from '../src/components/Chart.tsx';
import { cite } from '../src/draft.ts';
import { fmtNum, fmtTime, lang, parseNum, t } from '../src/i18n.ts';
import { absTime, resyncs, shots, view } from '../src/live.ts';

/** Flatten a record's numeric fields: `cavity.a_gate.Pmax` → number. */
function numericFields(
  rec: Record<string, unknown>,
  prefix = '',
  out: Record<string, number> = {},
): Record<string, number> {
  for (const [k, v] of Object.entries(rec)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number' && Number.isFinite(v)) out[p] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v))
      numericFields(v as Record<string, unknown>, p, out);
  }
  return out;
}

function PerShot() {
  const [rows, setRows] = useState<ShotRow[] | null>(null);
  const [field, setField] = useState('');
  useEffect(() => {
    getShots(200)
      .then(setRows)
      .catch(() => setRows(null));
  }, [resyncs.value]);
  // the historian's shots, then those received live since (no refetch: every query is journaled);
  // without the historian, the shots received since the screen opened
  const live = shots.value.map((s, i) => ({
    id: `live-${i}`,
    t: absTime(s.t),
    record: s.record as Record<string, unknown>,
  }));
  const lastT = rows?.length ? rows[rows.length - 1]!.t : 0;
  const list: ShotRow[] = rows ? [...rows, ...live.filter((s) => s.t > lastT)] : live;
  const flat = list.map((r) => numericFields(r.record));
  const fields = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  const f =
    field && fields.includes(field) ? field : (fields.find((x) => /cushion/.test(x)) ?? fields[0] ?? '');
  const data = useMemo(
    () => [list.map((_, i) => i + 1), flat.map((x) => x[f] ?? null)] as uPlot.AlignedData,
    [list.length, f, rows, shots.value.length],
  );
  const options = (width: number): uPlot.Options => ({
    width,
    height: 260,
    scales: { x: { time: false } },
    axes: [
      { label: t('shots.shot'), stroke: '#1a1f24', values: tickValues },
      { label: f, stroke: '#1a1f24', values: tickValues },
    ],
    series: [
      { label: t('shots.shot') },
      { label: f, stroke: COLORS[0]!, width: 2, points: { show: true, size: 5 } },
    ],
  });
  const last = list.slice(-10).reverse();
  return (
    <section aria-labelledby="pershot-title">
      <h2 id="pershot-title">{t('shots.perShot')}</h2>
      <p class="hint">
        {rows ? t('shots.fromHistorian', { n: list.length }) : t('shots.fromLive', { n: list.length })}
      </p>
      {fields.length ? (
        <>
          <label for="shot-field">{t('shots.field')}</label>{' '}
          <select id="shot-field" value={f} onChange={(e) => setField(e.currentTarget.value)}>
            {fields.map((x) => (
              <option value={x} key={x}>
                {x}
              </option>
            ))}
          </select>
          <Chart
            config={`${f}|${lang.value}`}
            options={options}
            data={data}
            label={t('shots.chartLabel', { field: f })}
          />
          <div class="table-wrap">
            <table class="summary">
              <caption>{t('shots.lastTen')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('shots.time')}</th>
                  <th scope="col">{f}</th>
                </tr>
              </thead>
              <tbody>
                {last.map((r) => (
                  <tr key={String(r.id)}>
                    <td>{r.t ? fmtTime(r.t) : '—'}</td>
                    <td>
                      {numericFields(r.record)[f] !== undefined
                        ? fmtNum(numericFields(r.record)[f]!, 2)
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>{t('shots.none')}</p>
      )}
    </section>
  );
}

function Curves() {
  const [n, setN] = useState(10);
  const [sets, setSets] = useState<CurveSet[] | null>(null);
  const [err, setErr] = useState(false);
  const [name, setName] = useState('');
  const [tol, setTol] = useState('5');
  const [ref, setRef] = useState<number[] | null>(null);
  const load = () => {
    view('curves', { target: name || undefined });
    getCurves(n)
      .then((s) => {
        setSets(s);
        setErr(false);
      })
      .catch(() => {
        setSets(null);
        setErr(true);
      });
  };
  useEffect(load, [n, resyncs.value]);
  const names = [...new Set((sets ?? []).flatMap((s) => Object.keys(s.curves)))].sort();
  const cname = name && names.includes(name) ? name : (names.find((x) => /cav/.test(x)) ?? names[0] ?? '');
  const curves = (sets ?? []).map((s) => s.curves[cname] ?? []).filter((c) => c.length > 0);
  const len = Math.max(0, ...curves.map((c) => c.length));
  const mean = Array.from({ length: len }, (_, i) => {
    const xs = curves.map((c) => c[i]).filter((x): x is number => typeof x === 'number');
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
  });
  const reference = ref?.length ? ref : mean;
  const peak = Math.max(0, ...reference);
  const band = ((Number.isFinite(parseNum(tol)) ? parseNum(tol) : 5) / 100) * peak;
  const upper = reference.map((x) => x + band);
  const lower = reference.map((x) => x - band);
  const outside = curves.filter((c) =>
    c.some((x, i) => typeof x === 'number' && i < reference.length && (x > upper[i]! || x < lower[i]!)),
  ).length;
  // samples at 100 Hz (domain-model §7.2): x in seconds from the start of injection
  const x = Array.from({ length: len }, (_, i) => i / 100);
  const data = [x, upper, lower, ...curves] as uPlot.AlignedData;
  const options = (width: number): uPlot.Options => ({
    width,
    height: 320,
    scales: { x: { time: false } },
    axes: [
      { label: 's', stroke: '#1a1f24', values: tickValues },
      { label: 'MPa', stroke: '#1a1f24', values: tickValues },
    ],
    series: [
      { label: 's' },
      { label: t('curves.upper'), stroke: '#404040', dash: [6, 3], width: 1 },
      { label: t('curves.lower'), stroke: '#404040', dash: [6, 3], width: 1 },
      ...curves.map((_, i) => ({
        label: `${t('shots.shot')} ${i + 1}`,
        stroke: COLORS[(i % (COLORS.length - 1)) + 0]!,
        dash: DASHES[i % DASHES.length]!,
        width: 1.5,
      })),
    ],
    bands: [{ series: [1, 2], fill: 'rgba(11, 92, 173, 0.12)' }],
  });
  return (
    <section aria-labelledby="curves-title">
      <h2 id="curves-title">{t('curves.title')}</h2>
      <div class="toolbar">
        <label for="curve-n">{t('curves.lastN')}</label>
        <select id="curve-n" value={String(n)} onChange={(e) => setN(Number(e.currentTarget.value))}>
          {[5, 10, 20, 50].map((k) => (
            <option value={String(k)} key={k}>
              {k}
            </option>
          ))}
        </select>
        {names.length ? (
          <>
            <label for="curve-name">{t('curves.curve')}</label>
            <select id="curve-name" value={cname} onChange={(e) => setName(e.currentTarget.value)}>
              {names.map((k) => (
                <option value={k} key={k}>
                  {k}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <label for="curve-tol">{t('curves.tolerance')}</label>
        <input
          id="curve-tol"
          inputMode="decimal"
          size={4}
          value={tol}
          onInput={(e) => setTol(e.currentTarget.value)}
        />
        <button
          type="button"
          onClick={() => {
            setRef(mean);
            announce(t('curves.refSet'));
          }}
        >
          {t('curves.setRef')}
        </button>
        <button type="button" onClick={load}>
          {t('common.refresh')}
        </button>
      </div>
      {err ? <p class="hint">{t('curves.unavailable')}</p> : null}
      {curves.length ? (
        <>
          <Chart
            config={`${cname}|${curves.length}|${lang.value}`}
            options={options}
            data={data}
            label={t('curves.chartLabel', { n: curves.length, name: cname })}
          />
          <p role="status">
            {t('curves.outside', { n: outside, total: curves.length, tol })}{' '}
            {t('curves.peak', { peak: fmtNum(peak, 1) })}
          </p>
          <button
            type="button"
            onClick={() => {
              const ts = (sets ?? []).map((s) => s.t).filter((x) => x > 0);
              const k = cite([
                {
                  kind: 'curve',
                  ref: cname,
                  ...(ts.length ? { from: Math.min(...ts), to: Math.max(...ts) } : {}),
                  note: t('curves.citeNote', { n: curves.length, outside }),
                },
              ]);
              announce(t('trends.cited', { n: k }));
            }}
          >
            {t('trends.cite')}
          </button>
        </>
      ) : !err ? (
        <p>{sets ? t('curves.none') : t('common.loading')}</p>
      ) : null}
    </section>
  );
}

export function ShotsView() {
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('shots.title')}
      </h1>
      <PerShot />
      <Curves />
    </>
  );
}
