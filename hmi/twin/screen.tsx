/**
 * The twin's screen (loaded on demand by views/Twin.tsx, so the rest of the HMI never loads Three.js):
 * toolbar (live / replay, camera presets, full window), the 3D view with its labels and a status line,
 * the equipment list (the keyboard path: each entry opens its faceplate, focusing it outlines the
 * equipment in 3D), the legend, and the replay panel.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../src/api.ts';
import { fmtTime, lang, loc, t } from '../src/i18n.ts';
import { alarms, epochMs, keys, simT, status, view } from '../src/live.ts';
import { byFlow, equipmentLabel } from '../src/model/equipment.ts';
import { navigate } from '../src/router.tsx';
import { session } from '../src/session.ts';
import { type Bindings, bind } from './bindings.ts';
import { PRESETS, type PresetId } from './camera.ts';
import { TwinEngine } from './engine.ts';
import { HEAT_STOPS, heatGradient } from './heat.ts';
import { driveLive } from './live-driver.ts';
import { flowKeysOf, loadReplay, type Marker, ReplayPlayer } from './replay.ts';
import './twin.css';

type Mode = 'live' | 'replay';

declare global {
  interface Window {
    __plastlabTwin?: unknown;
  }
}

const signature = (b: readonly { key: string }[]) => b.map((k) => k.key).join('|');

export function TwinScreen() {
  const host = useRef<HTMLDivElement>(null);
  const [engine, setEngine] = useState<TwinEngine | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('live');
  const [line, setLine] = useState('');
  const [full, setFull] = useState(false);
  const [hover, setHover] = useState<string | null>(null);
  const [player, setPlayer] = useState<ReplayPlayer | null>(null);
  const sig = signature(keys.value);
  const bindings = useMemo<Bindings>(() => bind(keys.value), [sig]);

  // the engine lives as long as the key table keeps its shape
  useEffect(() => {
    if (!host.current || keys.value.length === 0) return;
    let e: TwinEngine;
    try {
      e = new TwinEngine(bindings, {
        host: host.current,
        onOpen: (eq) => navigate(`/faceplates/${encodeURIComponent(eq)}`),
        onHover: setHover,
        onStatus: setLine,
        canvasLabel: t('twin.canvas'),
        canvasDescription: 'twin-keys',
      });
    } catch (x) {
      setError(`${t('twin.noWebgl')} (${x instanceof Error ? x.message : String(x)})`);
      return;
    }
    setEngine(e);
    window.__plastlabTwin = {
      engine: e,
      stats: () => e.stats(),
      pose: () => e.pose(),
      anchorScreen: (eq: string) => e.anchorScreen(eq),
      tagAt: (x: number, y: number) => e.tagAt(x, y),
      preset: (p: PresetId, instant = true) => e.preset(p, instant),
      setContinuous: (on: boolean) => e.setContinuous(on),
      setAdaptive: (on: boolean) => e.setAdaptive(on),
      labels: () => e.labels.visible(),
      labelText: (id: string) => e.labels.text(id),
      readings: () => e.last?.r ?? null,
      highlights: () => e.highlights,
      animating: () => e.animating,
      camera: () => e.camera.position.toArray(),
      discrete: () => e.discreteState(),
    };
    return () => {
      setEngine(null);
      window.__plastlabTwin = undefined;
      e.dispose();
    };
  }, [bindings, host.current]);

  // live mode follows the socket stream
  useEffect(() => {
    if (!engine || mode !== 'live') return;
    return driveLive(engine, bindings);
  }, [engine, mode, bindings]);

  // a language switch rewrites the labels at once (live or paused replay)
  useEffect(() => {
    if (engine?.last) engine.update(engine.last);
    engine?.renderer.domElement.setAttribute('aria-label', t('twin.canvas'));
  }, [lang.value, engine]);

  useEffect(() => {
    if (!full) return;
    const esc = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setFull(false);
    };
    addEventListener('keydown', esc);
    return () => removeEventListener('keydown', esc);
  }, [full]);

  const eqs = useMemo(() => [...new Set(keys.value.map((k) => k.equipment))].sort(byFlow), [sig]);

  return (
    <div class={`twin${full ? ' twin-full' : ''}`}>
      <div class="twin-bar" role="toolbar" aria-label={t('twin.toolbar')}>
        <fieldset class="twin-group">
          <legend class="sr-only">{t('twin.modeGroup')}</legend>
          {(['live', 'replay'] as const).map((m) => (
            <button
              type="button"
              aria-pressed={mode === m}
              onClick={() => {
                player?.dispose();
                setPlayer(null);
                setMode(m);
              }}
            >
              {t(`twin.${m}`)}
            </button>
          ))}
        </fieldset>
        <fieldset class="twin-group">
          <legend class="sr-only">{t('twin.presets')}</legend>
          {PRESETS.map((p, i) => (
            <button
              type="button"
              aria-keyshortcuts={String(i + 1)}
              onClick={() => engine?.preset(p)}
              disabled={!engine}
            >
              <span class="twin-key" aria-hidden="true">
                {i + 1}
              </span>{' '}
              {t(`twin.preset.${p}`)}
            </button>
          ))}
        </fieldset>
        <button type="button" aria-pressed={full} onClick={() => setFull(!full)}>
          {full ? t('twin.exitFull') : t('twin.full')}
        </button>
      </div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="twin-main">
        <div class="twin-view">
          <div class="twin-stage" ref={host}>
            {keys.value.length === 0 ? <p class="twin-wait">{t('common.waiting')}</p> : null}
            {hover ? (
              <div class="twin-hover" aria-hidden="true">
                {t('twin.open', { name: equipmentLabel(hover) })}
              </div>
            ) : null}
          </div>
          <p class="twin-status" aria-live="off">
            <span class={`twin-mode ${mode}`}>
              {mode === 'live' ? `● ${t('twin.live')}` : `↺ ${t('twin.replay')}`}
            </span>{' '}
            {mode === 'live' && status.value !== 'live' ? `${t(`status.${status.value}`)} · ` : ''}
            {line}
          </p>
          {mode === 'replay' && engine ? (
            <ReplayPanel engine={engine} bindings={bindings} player={player} setPlayer={setPlayer} />
          ) : null}
          <p id="twin-keys" class="hint twin-help">
            {t('twin.keys')}
          </p>
        </div>
        <aside class="twin-side" aria-labelledby="twin-eq-title">
          <h2 id="twin-eq-title">{t('twin.equipment')}</h2>
          <ul class="twin-eq">
            {eqs.map((eq) => (
              <EquipmentItem key={eq} eq={eq} engine={engine} />
            ))}
          </ul>
          <Legend />
        </aside>
      </div>
    </div>
  );
}

function EquipmentItem({ eq, engine }: { eq: string; engine: TwinEngine | null }) {
  const mine = alarms.value.filter((a) => a.equipment === eq && a.active);
  const worst = mine.find((a) => a.severity === 'critical' || a.severity === 'alarm') ?? mine[0];
  const cls = worst
    ? worst.severity === 'warning' || worst.severity === 'info'
      ? 'warn'
      : 'alarm'
    : 'normal';
  const id = `twin-eq-${eq}`;
  return (
    <li>
      <button
        type="button"
        class={`twin-eq-item ${cls}`}
        aria-describedby={id}
        onFocus={() => engine?.focus(eq)}
        onBlur={() => engine?.focus(null)}
        onMouseEnter={() => engine?.focus(eq)}
        onMouseLeave={() => engine?.focus(null)}
        onClick={() => navigate(`/faceplates/${encodeURIComponent(eq)}`)}
      >
        <span class="name">{equipmentLabel(eq)}</span>
        <span class="state" id={id}>
          {worst ? (
            <>
              <span aria-hidden="true">{cls === 'alarm' ? '■' : '▲'}</span> {loc(worst.text, worst.code)}
              {mine.length > 1 ? ` (+${mine.length - 1})` : ''}
            </>
          ) : (
            <>
              <span aria-hidden="true">●</span> {t('twin.noAlarm')}
            </>
          )}
        </span>
      </button>
    </li>
  );
}

function Legend() {
  const lo = HEAT_STOPS[0]![0];
  const hi = HEAT_STOPS[HEAT_STOPS.length - 1]![0];
  return (
    <section class="twin-legend" aria-labelledby="twin-legend-title">
      <h2 id="twin-legend-title">{t('twin.legend')}</h2>
      <p class="twin-legend-caption">{t('twin.heatScale')}</p>
      <div class="twin-heat" style={{ background: heatGradient() }} aria-hidden="true" />
      <div class="twin-heat-ticks" aria-hidden="true">
        {HEAT_STOPS.map(([c]) => (
          <span style={{ left: `${((c - lo) / (hi - lo)) * 100}%` }}>{c}</span>
        ))}
      </div>
      <p class="sr-only">{t('twin.heatScaleText', { lo, hi })}</p>
      <ul class="twin-keys-list">
        <li>
          <span class="swatch sw-alarm" aria-hidden="true">
            ■
          </span>{' '}
          {t('twin.legendAlarm')}
        </li>
        <li>
          <span class="swatch sw-warn" aria-hidden="true">
            ▲
          </span>{' '}
          {t('twin.legendWarning')}
        </li>
        <li>
          <span class="swatch sw-water" aria-hidden="true">
            ●
          </span>{' '}
          {t('twin.legendDroplets')}
        </li>
        <li>
          <span class="swatch sw-reject" aria-hidden="true">
            ◆
          </span>{' '}
          {t('twin.legendReject')}
        </li>
      </ul>
    </section>
  );
}

const WINDOWS = [2, 5, 10, 15] as const;
const SPEEDS = [0.5, 1, 2, 5, 10] as const;

function ReplayPanel(p: {
  engine: TwinEngine;
  bindings: Bindings;
  player: ReplayPlayer | null;
  setPlayer: (x: ReplayPlayer | null) => void;
}) {
  const [minutes, setMinutes] = useState<number>(5);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const [time, setTime] = useState<{ t: number; playing: boolean }>({ t: 0, playing: false });
  const [speed, setSpeed] = useState(1);
  const [markers, setMarkers] = useState<readonly Marker[]>([]);
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const station = session.value?.station ?? '';

  const load = async () => {
    setBusy(true);
    setErr(null);
    p.player?.dispose();
    p.setPlayer(null);
    try {
      const to = simT.value;
      const from = Math.max(0, to - minutes * 60_000);
      const data = await loadReplay({
        station,
        metas: p.bindings.all,
        flowKeys: flowKeysOf(p.bindings),
        from,
        to,
        epochMs: epochMs.value,
        fetchJson: (path) => api(path),
      });
      view('twin', { target: 'replay', from: epochMs.value + from, to: epochMs.value + to });
      // markers of the journal: never for a candidate (the route refuses them; a staff host shows them)
      const me = await api<{ kind: string }>('/api/me').catch(() => ({ kind: 'candidate' }));
      if (me.kind !== 'candidate') {
        const m = await api<{ markers: Marker[] }>(
          `/api/stations/${encodeURIComponent(station)}/replay/journal?from=${Math.floor(from)}&to=${Math.ceil(to)}`,
        ).catch(() => ({ markers: [] }));
        setMarkers(m.markers);
      } else setMarkers([]);
      const pl = new ReplayPlayer(data, p.engine, p.bindings, (t, playing) => setTime({ t, playing }));
      pl.setSpeed(speed);
      setRange({ from, to });
      p.setPlayer(pl);
    } catch (x) {
      setErr(x instanceof Error ? x.message : String(x));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => () => p.player?.dispose(), [p.player]);

  const pl = p.player;
  const at = (ms: number) => fmtTime(epochMs.value + ms);
  return (
    <section class="twin-replay" aria-labelledby="twin-replay-title">
      <h2 id="twin-replay-title">{t('twin.replayTitle')}</h2>
      <div class="twin-replay-row">
        <label>
          {t('twin.window')}{' '}
          <select value={minutes} onChange={(e) => setMinutes(Number(e.currentTarget.value))}>
            {WINDOWS.map((w) => (
              <option value={w}>{t('twin.minutes', { n: w })}</option>
            ))}
          </select>
        </label>
        <button type="button" class="primary" onClick={() => void load()} disabled={busy}>
          {busy ? t('twin.loading') : t('twin.load')}
        </button>
        {pl ? (
          <>
            <button
              type="button"
              aria-pressed={time.playing}
              onClick={() => (time.playing ? pl.pause() : pl.play())}
            >
              {time.playing ? `❚❚ ${t('twin.pause')}` : `▶ ${t('twin.play')}`}
            </button>
            <label>
              {t('twin.speed')}{' '}
              <select
                value={speed}
                onChange={(e) => {
                  const x = Number(e.currentTarget.value);
                  setSpeed(x);
                  pl.setSpeed(x);
                }}
              >
                {SPEEDS.map((s) => (
                  <option value={s}>{`${s}×`}</option>
                ))}
              </select>
            </label>
          </>
        ) : null}
      </div>
      {err ? (
        <p class="error" role="alert">
          {err}
        </p>
      ) : null}
      {pl && range ? (
        <div class="twin-slider">
          <input
            type="range"
            min={range.from}
            max={range.to}
            step={100}
            value={time.t}
            aria-label={t('twin.position')}
            aria-valuetext={at(time.t)}
            onInput={(e) => pl.seek(Number(e.currentTarget.value))}
          />
          <output>{at(time.t)}</output>
          <div class="twin-ticks" aria-hidden="true">
            {markers.map((m) => (
              <span
                class={`tick ${m.kind}`}
                style={{ left: `${((m.t - range.from) / (range.to - range.from || 1)) * 100}%` }}
              />
            ))}
          </div>
          <p class="hint">
            {at(range.from)} – {at(range.to)}
          </p>
        </div>
      ) : (
        <p class="hint">{t('twin.replayHint')}</p>
      )}
      {markers.length ? (
        <>
          <h3>{t('twin.markers')}</h3>
          <ol class="twin-markers">
            {markers.map((m) => (
              <li>
                <button type="button" class="small" onClick={() => pl?.seek(m.t)}>
                  {at(m.t)} — {t(`twin.marker.${m.kind}`)} : {m.what}
                  {m.value !== undefined ? ` = ${String(m.value)}` : ''} ({m.user}
                  {m.status === 'rejected' ? `, ${t('twin.rejected')}` : ''})
                </button>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
