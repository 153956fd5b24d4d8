/**
 * Watch a station (trainer and jury, read-only): its live values over the realtime socket, from the
 * signal model's key table (labels, units, enum names, quality in words), filtered by equipment or text;
 * up to four signals on a live trend (uPlot, told apart by dash as well as colour); the station's alarms.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import type { WireSignalMeta } from '../../../simulator/server/realtime/wire.ts';
import { Chart, COLORS, DASHES, tickValues } from '../../src/components/Chart.tsx';
import { formatValue, isPlottable, qualityText } from '../../src/format.ts';
import { fmtTime, loc } from '../../src/i18n.ts';
import { tt } from '../i18n.ts';
import { tsession } from '../session.ts';
import { selected, stationIds } from '../store.ts';
import {
  series,
  traced,
  unwatch,
  walarms,
  watchStation,
  wEpoch,
  wkeys,
  wstatus,
  wT,
  wvalue,
} from '../watch.ts';
import { StationPicker } from './StationPicker.tsx';

const MAX_TRACES = 4;

function ValueRow({
  m,
  on,
  full,
  toggle,
}: {
  m: WireSignalMeta;
  on: boolean;
  full: boolean;
  toggle: (k: string) => void;
}) {
  const s = wvalue(m.key).value;
  const label = loc(m.label);
  return (
    <tr>
      <th scope="row">
        {label} <code class="key">{m.key}</code>
      </th>
      <td class="num" data-key={m.key}>
        {formatValue(m, s.v)}
        {m.unit && m.type !== 'enum' && m.type !== 'bool' ? ` ${m.unit}` : ''}
      </td>
      <td>
        {s.q === 0 ? (
          qualityText(0)
        ) : (
          <span class="tag bad-t">
            <span aria-hidden="true">{s.q === 1 ? '◐' : '⊘'}</span> {qualityText(s.q)}
          </span>
        )}
      </td>
      <td>
        {isPlottable(m) ? (
          <button
            type="button"
            class="small"
            aria-pressed={on}
            disabled={!on && full}
            aria-label={on ? tt('watch.untrend', { label }) : tt('watch.trendNamed', { label })}
            onClick={() => toggle(m.key)}
          >
            {tt('watch.trend')}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function Trend({ keys }: { keys: string[] }) {
  const metas = keys.map((k) => wkeys.value.find((m) => m.key === k)).filter((m): m is WireSignalMeta => !!m);
  const [, setFrame] = useState(0);
  useEffect(() => {
    const h = setInterval(() => setFrame((x) => x + 1), 1000);
    return () => clearInterval(h);
  }, []);
  if (!metas.length) return <p class="hint">{tt('watch.trendEmpty')}</p>;
  // one time axis: the first signal's samples; the others aligned by nearest earlier sample
  const base = series(metas[0]!.key);
  const cols = metas.map((m) => {
    const s = series(m.key);
    let j = 0;
    return base.t.map((t) => {
      while (j + 1 < s.t.length && s.t[j + 1]! <= t) j++;
      return s.t.length && s.t[j]! <= t ? s.v[j]! : null;
    });
  });
  const data = [base.t, ...cols] as uPlot.AlignedData;
  const units = [...new Set(metas.map((m) => m.unit || '—'))];
  const options = (width: number): uPlot.Options => ({
    width,
    height: 280,
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
      { label: 't', value: (_u, x) => (x == null ? '—' : fmtTime(x)) },
      ...metas.map((m, i) => ({
        label: `${loc(m.label)}${m.unit ? ` (${m.unit})` : ''}`,
        scale: m.unit || '—',
        stroke: COLORS[i % COLORS.length]!,
        dash: DASHES[i % DASHES.length]!,
        width: 2,
        value: (_u: uPlot, x: number | null) => (x == null ? '—' : formatValue(m, x)),
      })),
    ],
  });
  return (
    <Chart
      config={keys.join(',')}
      options={options}
      data={data}
      label={tt('watch.trendLabel', { signals: metas.map((m) => loc(m.label)).join(', ') })}
    />
  );
}

export function WatchView() {
  const station = selected.value || stationIds()[0] || '';
  const token = tsession.value?.token ?? '';
  const [eq, setEq] = useState('');
  const [text, setText] = useState('');
  const [traces, setTraces] = useState<string[]>([]);
  useEffect(() => {
    if (!station || !token) return;
    setTraces([]);
    watchStation(token, station);
    return unwatch;
  }, [station, token]);
  const metas = wkeys.value;
  const equipment = useMemo(() => [...new Set(metas.map((m) => m.equipment))], [metas]);
  const q = text.trim().toLowerCase();
  const shown = metas.filter(
    (m) =>
      (!eq || m.equipment === eq) &&
      (!q || m.key.toLowerCase().includes(q) || loc(m.label).toLowerCase().includes(q)),
  );
  const toggle = (k: string) => {
    const on = traces.includes(k);
    traced(k, !on);
    setTraces(on ? traces.filter((x) => x !== k) : [...traces, k].slice(0, MAX_TRACES));
  };
  const status = wstatus.value;
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {tt('watch.title')}
      </h1>
      <StationPicker id="watch-station" label={tt('watch.station')} />
      <p role="status">
        <span aria-hidden="true">{status === 'live' ? '●' : status === 'connecting' ? '◌' : '✕'}</span>{' '}
        {tt(`watch.status.${status}`)}
        {wT.value ? ` — ${tt('watch.simTime', { time: fmtTime(wEpoch.value + wT.value) })}` : ''}
      </p>
      <section aria-labelledby="trend-title">
        <h2 id="trend-title">{tt('watch.trendTitle')}</h2>
        <Trend keys={traces} />
      </section>
      <section aria-labelledby="alarms-title">
        <h2 id="alarms-title">{tt('watch.alarms')}</h2>
        {walarms.value.length ? (
          <ul>
            {walarms.value.map((a) => (
              <li key={`${a.equipment}-${a.code}`}>
                <span aria-hidden="true">{a.active ? '▲' : '△'}</span> {a.equipment} {a.code} : {loc(a.text)}{' '}
                ({a.active ? tt('watch.active') : tt('watch.cleared')},{' '}
                {a.acked ? tt('watch.acked') : tt('watch.unacked')})
              </li>
            ))}
          </ul>
        ) : (
          <p>{tt('watch.noAlarms')}</p>
        )}
      </section>
      <div class="row-fields">
        <div class="field">
          <label for="watch-eq">{tt('watch.equipment')}</label>
          <select id="watch-eq" value={eq} onChange={(e) => setEq(e.currentTarget.value)}>
            <option value="">{tt('watch.all')}</option>
            {equipment.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="watch-filter">{tt('watch.filter')}</label>
          <input
            id="watch-filter"
            type="search"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
      </div>
      <div class="table-wrap">
        <table class="watch">
          <caption>{tt('watch.caption', { station })}</caption>
          <thead>
            <tr>
              <th scope="col">{tt('watch.signal')}</th>
              <th scope="col">{tt('watch.value')}</th>
              <th scope="col">{tt('watch.quality')}</th>
              <th scope="col">{tt('watch.trend')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <ValueRow
                key={m.key}
                m={m}
                on={traces.includes(m.key)}
                full={traces.length >= MAX_TRACES}
                toggle={toggle}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
