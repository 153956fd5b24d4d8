/**
 * Trends of any candidate-visible numeric signal (issue 6): read from the historian
 * (`GET /api/stations/:id/history`, which journals the query), followed live from the socket between
 * queries; time range presets or a typed window; zoom by dragging on the chart or with the buttons;
 * a text summary of each series (min, mean, max, last) for screen readers and precise reading; and
 * "cite as evidence" for the diagnosis. Without the historian the screen keeps working on the values
 * received since it was opened.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import type { WireSignalMeta } from '../../simulator/server/realtime/wire.ts';
import { getHistory } from '../src/api.ts';
import { announce } from '../src/components/Announcer.tsx';
import { Chart, COLORS, DASHES, tickValues } from '../src/components/Chart.tsx';
import { cite } from '../src/draft.ts';
import { decimalsOf, formatValue, isNumeric, isPlottable } from '../src/format.ts';
import { fmtNum, fmtTime, lang, loc, t } from '../src/i18n.ts';
import { absTime, buffered, keys, resyncs, simT, view, watch } from '../src/live.ts';
import { byFlow, equipmentLabel } from '../src/model/equipment.ts';
import { query } from '../src/router.tsx';

const PRESETS = [5, 15, 60, 120] as const;
const MAX_SIGNALS = 8;
const MAX_POINTS = 20_000;

/** Series on one time axis; `keys` says which signal each array belongs to. */
interface Data {
  t: number[];
  v: (number | null)[][];
  keys: string[];
}

const toLocalInput = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

/** Merge samples of several signals (each with its own times) onto one time axis. */
function align(parts: { t: number[]; v: number[] }[], keys: string[]): Data {
  const ts = [...new Set(parts.flatMap((p) => p.t))].sort((a, b) => a - b);
  const idx = new Map(ts.map((x, i) => [x, i]));
  const v = parts.map((p) => {
    const out: (number | null)[] = new Array(ts.length).fill(null);
    p.t.forEach((x, i) => {
      out[idx.get(x)!] = p.v[i]!;
    });
    return out;
  });
  return { t: ts, v, keys };
}

function stats(v: (number | null)[]) {
  let n = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let last: number | null = null;
  for (const x of v) {
    if (x === null || !Number.isFinite(x)) continue;
    n++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
    last = x;
  }
  return n ? { min, max, mean: sum / n, last, n } : undefined;
}

const stepped = uPlot.paths.stepped!({ align: 1 });

/** A value of the summary: a number with its unit, or a state by name. */
const show = (m: WireSignalMeta, x: number): string =>
  isNumeric(m)
    ? `${fmtNum(x, decimalsOf(m))}${m.unit ? ` ${m.unit}` : ''}`
    : formatValue(m, m.type === 'bool' ? x === 1 : x);

export function TrendsView() {
  const numeric = keys.value.filter(isPlottable);
  const initialSel = () => {
    const q = query.value.get('signals');
    if (q) return q.split(',').filter((k) => numeric.some((m) => m.key === k));
    try {
      return (JSON.parse(sessionStorage.getItem('plastlab.trends') ?? '[]') as string[]).slice(
        0,
        MAX_SIGNALS,
      );
    } catch {
      return [];
    }
  };
  const [sel, setSel] = useState<string[]>(initialSel);
  const [minutes, setMinutes] = useState<number | null>(15);
  const [win, setWin] = useState<{ from: number; to: number } | null>(null);
  const [follow, setFollow] = useState(true);
  const [data, setData] = useState<Data>({ t: [], v: [], keys: [] });
  const [source, setSource] = useState<'historian' | 'live' | 'none'>('none');
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const dataRef = useRef(data);
  dataRef.current = data;

  const now = () => absTime(simT.peek());
  const range = (): { from: number; to: number } => {
    if (win) return win;
    const to = now();
    return { from: to - (minutes ?? 15) * 60_000, to };
  };

  // keep the selection across screens
  useEffect(() => {
    sessionStorage.setItem('plastlab.trends', JSON.stringify(sel));
  }, [sel]);

  // buffer the live values of the selected signals
  useEffect(() => {
    const offs = sel.map((k) => watch(k));
    return () => {
      for (const off of offs) off();
    };
  }, [sel.join(',')]);

  // query the historian when the selection or the window changes
  const load = async () => {
    if (sel.length === 0) {
      setData({ t: [], v: [], keys: [] });
      return;
    }
    const r = range();
    view('trends', { signals: sel, from: Math.round(r.from), to: Math.round(r.to) });
    setBusy(true);
    try {
      const s = await getHistory(sel, r.from, r.to);
      const order = sel.map((k) => s.signals.indexOf(k));
      setData({ t: s.t, v: order.map((i) => (i >= 0 ? s.values[i]! : s.t.map(() => null))), keys: sel });
      setSource('historian');
    } catch {
      setData(
        align(
          sel.map((k) => buffered(k, r.from, r.to)),
          sel,
        ),
      );
      setSource('live');
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load();
  }, [sel.join(','), minutes, win?.from, win?.to, resyncs.value]);

  // follow live: append what the socket brought since the last point
  const tick = simT.value;
  useEffect(() => {
    const d = dataRef.current;
    if (!follow || win || sel.length === 0 || d.keys.join(',') !== sel.join(',')) return;
    const last = d.t.length ? d.t[d.t.length - 1]! : now() - (minutes ?? 15) * 60_000;
    const parts = sel.map((k) => buffered(k, last + 1, Number.POSITIVE_INFINITY));
    if (parts.every((p) => p.t.length === 0)) return;
    const add = align(parts, sel);
    const from = now() - (minutes ?? 15) * 60_000;
    let t2 = [...d.t, ...add.t];
    let v2 = d.v.map((col, i) => [...col, ...(add.v[i] ?? [])]);
    let cut = 0;
    while (cut < t2.length && t2[cut]! < from) cut++;
    cut = Math.max(cut, t2.length - MAX_POINTS);
    if (cut > 0) {
      t2 = t2.slice(cut);
      v2 = v2.map((c) => c.slice(cut));
    }
    setData({ t: t2, v: v2, keys: d.keys });
  }, [tick, follow]);

  const metas = sel.map((k) => numeric.find((m) => m.key === k)).filter((m): m is WireSignalMeta => !!m);
  const units = [...new Set(metas.map((m) => m.unit || '—'))];
  const config = `${sel.join(',')}|${lang.value}`;
  const options = (width: number): uPlot.Options => ({
    width,
    height: 360,
    ms: 1,
    scales: { x: { time: true }, ...Object.fromEntries(units.map((u) => [u, { auto: true }])) },
    axes: [
      {
        values: (_u, splits) => splits.map((x) => fmtTime(x)),
        stroke: '#1a1f24',
        grid: { stroke: '#d5dbe1' },
      },
      ...units.slice(0, 2).map((u, i) => ({
        scale: u,
        side: i === 0 ? 3 : 1,
        label: u,
        stroke: '#1a1f24',
        grid: { show: i === 0, stroke: '#d5dbe1' },
        values: tickValues,
      })),
    ],
    series: [
      { label: t('trends.time'), value: (_u, x) => (x == null ? '—' : fmtTime(x)) },
      ...metas.map((m, i) => ({
        label: `${loc(m.label)} (${m.unit})`,
        scale: m.unit || '—',
        stroke: COLORS[i % COLORS.length]!,
        dash: DASHES[i % DASHES.length]!,
        width: 2,
        spanGaps: false,
        // a state is a step, not a slope
        ...(isNumeric(m) ? {} : { paths: stepped }),
        value: (_u: uPlot, x: number | null) =>
          x == null
            ? '—'
            : isNumeric(m)
              ? fmtNum(x, decimalsOf(m))
              : formatValue(m, m.type === 'bool' ? x === 1 : x),
      })),
    ],
    cursor: { drag: { x: true, y: false } },
    hooks: {
      setSelect: [
        (u) => {
          if (u.select.width < 4) return;
          const from = u.posToVal(u.select.left, 'x');
          const to = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
          setFollow(false);
          setWin({ from, to });
        },
      ],
    },
  });
  // one array per selected signal, whatever the data in hand was fetched for
  const column = (k: string) => {
    const i = data.keys.indexOf(k);
    return i >= 0 ? data.v[i]! : data.t.map(() => null);
  };
  const chartData = useMemo(
    () => [data.t, ...metas.map((m) => column(m.key))] as uPlot.AlignedData,
    [data, config],
  );

  const r = range();
  const zoom = (factor: number) => {
    const c = (r.from + r.to) / 2;
    const half = ((r.to - r.from) * factor) / 2;
    setFollow(false);
    setWin({ from: c - half, to: c + half });
  };
  const pan = (dir: number) => {
    const w = (r.to - r.from) / 2;
    setFollow(false);
    setWin({ from: r.from + dir * w, to: r.to + dir * w });
  };
  const backToLive = () => {
    setWin(null);
    setFollow(true);
  };

  const groups = new Map<string, WireSignalMeta[]>();
  const f = filter.trim().toLowerCase();
  for (const m of numeric) {
    if (f && !`${loc(m.label)} ${m.key}`.toLowerCase().includes(f)) continue;
    const l = groups.get(m.equipment) ?? [];
    l.push(m);
    groups.set(m.equipment, l);
  }

  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('trends.title')}
      </h1>
      <div class="trends">
        <section class="picker" aria-labelledby="picker-title">
          <h2 id="picker-title">{t('trends.signals', { n: sel.length, max: MAX_SIGNALS })}</h2>
          <label for="trend-filter">{t('trends.filter')}</label>
          <input
            id="trend-filter"
            type="search"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
          {[...groups.keys()].sort(byFlow).map((eq) => (
            <fieldset key={eq}>
              <legend>{equipmentLabel(eq)}</legend>
              {groups.get(eq)!.map((m) => {
                const id = `sig-${m.key}`;
                const on = sel.includes(m.key);
                return (
                  <div class="check" key={m.key}>
                    <input
                      id={id}
                      type="checkbox"
                      checked={on}
                      disabled={!on && sel.length >= MAX_SIGNALS}
                      onChange={(e) =>
                        setSel(e.currentTarget.checked ? [...sel, m.key] : sel.filter((k) => k !== m.key))
                      }
                    />
                    <label for={id}>
                      {loc(m.label)} <span class="unit">({m.unit || '—'})</span>
                    </label>
                  </div>
                );
              })}
            </fieldset>
          ))}
        </section>
        <section class="plot" aria-labelledby="plot-title">
          <h2 id="plot-title" class="sr-only">
            {t('trends.chart')}
          </h2>
          <fieldset class="toolbar">
            <legend class="sr-only">{t('trends.range')}</legend>
            {PRESETS.map((m) => (
              <button
                type="button"
                key={m}
                aria-pressed={!win && minutes === m}
                onClick={() => {
                  setMinutes(m);
                  backToLive();
                }}
              >
                {m < 60 ? t('trends.minutes', { n: m }) : t('trends.hours', { n: m / 60 })}
              </button>
            ))}
            <button type="button" onClick={() => zoom(0.5)}>
              {t('trends.zoomIn')}
            </button>
            <button type="button" onClick={() => zoom(2)}>
              {t('trends.zoomOut')}
            </button>
            <button type="button" onClick={() => pan(-1)}>
              {t('trends.earlier')}
            </button>
            <button type="button" onClick={() => pan(1)}>
              {t('trends.later')}
            </button>
            <button type="button" aria-pressed={follow && !win} onClick={backToLive}>
              {t('trends.live')}
            </button>
          </fieldset>
          <form
            class="window"
            onSubmit={(e) => {
              e.preventDefault();
              const fd = new FormData(e.currentTarget);
              const from = new Date(String(fd.get('from'))).getTime();
              const to = new Date(String(fd.get('to'))).getTime();
              if (Number.isFinite(from) && Number.isFinite(to) && from < to) {
                setFollow(false);
                setWin({ from, to });
              } else announce(t('trends.badWindow'), true);
            }}
          >
            <label for="win-from">{t('trends.from')}</label>
            <input
              id="win-from"
              name="from"
              type="datetime-local"
              step={1}
              value={toLocalInput(r.from)}
              key={`f${r.from}`}
            />
            <label for="win-to">{t('trends.to')}</label>
            <input
              id="win-to"
              name="to"
              type="datetime-local"
              step={1}
              value={toLocalInput(r.to)}
              key={`t${r.to}`}
            />
            <button type="submit">{t('trends.apply')}</button>
          </form>
          <p class="hint">
            {source === 'historian'
              ? t('trends.fromHistorian')
              : source === 'live'
                ? t('trends.fromLive')
                : sel.length === 0
                  ? t('trends.pickSome')
                  : ''}
            {busy ? ` ${t('common.loading')}` : ''} {t('trends.dragHint')}
          </p>
          {sel.length > 0 ? (
            <Chart
              config={config}
              options={options}
              data={chartData}
              label={t('trends.chartLabel', { n: sel.length })}
            />
          ) : null}
          {metas.length > 0 ? (
            <>
              <div class="table-wrap">
                <table class="summary">
                  <caption>
                    {t('trends.summary', { from: fmtTime(r.from, true), to: fmtTime(r.to, true) })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('trends.signal')}</th>
                      <th scope="col">{t('trends.line')}</th>
                      <th scope="col">{t('trends.min')}</th>
                      <th scope="col">{t('trends.mean')}</th>
                      <th scope="col">{t('trends.max')}</th>
                      <th scope="col">{t('trends.last')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {metas.map((m, i) => {
                      const s = stats(column(m.key));
                      const d = decimalsOf(m);
                      const u = m.unit ? ` ${m.unit}` : '';
                      return (
                        <tr key={m.key}>
                          <th scope="row">{loc(m.label)}</th>
                          <td>
                            <svg width="48" height="10" aria-hidden="true">
                              <line
                                x1="0"
                                y1="5"
                                x2="48"
                                y2="5"
                                stroke={COLORS[i % COLORS.length]}
                                stroke-width="2"
                                stroke-dasharray={DASHES[i % DASHES.length]!.join(' ')}
                              />
                            </svg>
                            <span class="sr-only">{t('trends.lineN', { n: i + 1 })}</span>
                          </td>
                          <td>{s ? show(m, s.min) : '—'}</td>
                          <td>{s && isNumeric(m) ? fmtNum(s.mean, d) + u : '—'}</td>
                          <td>{s ? show(m, s.max) : '—'}</td>
                          <td>{s?.last != null ? show(m, s.last) : '—'}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <button
                type="button"
                onClick={() => {
                  const n = cite(
                    sel.map((k) => ({
                      kind: 'signal' as const,
                      ref: k,
                      from: Math.round(r.from),
                      to: Math.round(r.to),
                    })),
                  );
                  announce(t('trends.cited', { n }));
                }}
              >
                {t('trends.cite')}
              </button>
            </>
          ) : null}
        </section>
      </div>
    </>
  );
}
