/**
 * Building blocks of the MES, SPC and GMAO screens: data loading with refresh, sub-screen tabs, states
 * shown with a word and an icon (never colour alone, WCAG 1.4.1), the outcome of an action (done, or
 * refused with the station's reason, announced to assistive technologies), the access level an action
 * needs, and small text-first figures (a number carries the information, a bar only helps).
 */
import { signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Ack } from '../../../simulator/server/realtime/wire.ts';
import { announce } from '../components/Announcer.tsx';
import { fmtTime, t } from '../i18n.ts';
import { absTime, resyncs, shots, simT } from '../live.ts';
import { Link } from '../router.tsx';
import { level, session } from '../session.ts';
import { type ActionArgs, act, type MesAction, mes } from './api.ts';

import './mes.css';

// ---- loading -------------------------------------------------------------------------------------------

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: string;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Fetch on mount and when `deps` change, after a reconnection, and — for reads the server does not
 * journal — when a new shot arrives (`live`, at most every 3 s) and every `everyMs`.
 */
export function useLoad<T>(
  fn: () => Promise<T>,
  deps: unknown[],
  opts: { live?: boolean; everyMs?: number } = {},
): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [n, setN] = useState(0);
  const gen = useRef(0);
  const last = useRef(0);
  // the time of the last shot received (the live buffer is capped, so not its length)
  const lastShot = opts.live ? (shots.value[shots.value.length - 1]?.t ?? 0) : 0;
  useEffect(() => {
    const g = ++gen.current;
    setLoading(true);
    last.current = Date.now();
    fn()
      .then((x) => {
        if (g !== gen.current) return;
        setData(x);
        setError('');
      })
      .catch((e: unknown) => {
        if (g !== gen.current) return;
        setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        if (g === gen.current) setLoading(false);
      });
  }, [...deps, n, resyncs.value]);
  useEffect(() => {
    if (opts.live && lastShot > 0 && Date.now() - last.current > 3000) setN((x) => x + 1);
  }, [lastShot]);
  useEffect(() => {
    if (!opts.everyMs) return;
    const h = setInterval(() => setN((x) => x + 1), opts.everyMs);
    return () => clearInterval(h);
  }, [opts.everyMs]);
  return { data, error, loading, reload: () => setN((x) => x + 1) };
}

/** Loading / error line of a section (the error in words with an icon). */
export function LoadState<T>({ l, empty }: { l: Loaded<T>; empty?: boolean }) {
  if (l.error)
    return (
      <p class="error" role="alert">
        <span aria-hidden="true">✗</span>{' '}
        {noMes(l.error) ? t('mes.noMes') : `${t('mes.loadError')} ${l.error}`}
      </p>
    );
  if (l.loading && l.data === null) return <p>{t('common.loading')}</p>;
  if (empty) return <p>{t('mes.empty')}</p>;
  return null;
}
const noMes = (m: string) => /no MES on this station/.test(m);

// ---- tabs ----------------------------------------------------------------------------------------------

export function Tabs(props: {
  label: string;
  base: string;
  current: string;
  tabs: readonly { id: string; label: string }[];
}) {
  return (
    <nav aria-label={props.label} class="tabs">
      <ul>
        {props.tabs.map((x) => (
          <li key={x.id}>
            <Link href={`${props.base}/${x.id}`} current={x.id === props.current}>
              {x.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// ---- states --------------------------------------------------------------------------------------------

export type Tone = 'ok' | 'warn' | 'alarm' | 'info' | 'neutral';
const ICON: Record<Tone, string> = { ok: '✓', warn: '▲', alarm: '■', info: 'ℹ', neutral: '○' };

/** A state as a word with an icon (and a colour that only helps). */
export function Badge({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return (
    <span class={`badge-state ${tone}`}>
      <span aria-hidden="true">{ICON[tone]}</span> {children}
    </span>
  );
}

// ---- actions -------------------------------------------------------------------------------------------

const actions = signal<readonly MesAction[] | null>(null);
let actionsOf = '';

/** The MES/ERP/GMAO/SPC actions of the station with their roles (fetched once per login). */
function useActions(): readonly MesAction[] | null {
  const tok = session.value?.token ?? '';
  useEffect(() => {
    if (actionsOf === tok && actions.value) return;
    actionsOf = tok;
    mes
      .actions()
      .then((a) => {
        actions.value = a;
      })
      .catch(() => {
        actions.value = [];
      });
  }, [tok]);
  return actions.value;
}

/** True when the access level chosen in the header may not run the action (a technician-only action). */
export function useNeedsTechnician(action: keyof ActionArgs): boolean {
  const list = useActions();
  const a = list?.find((x) => x.name === action);
  return level.value === 'operator' && !!a && !a.roles.includes('operator');
}

/** "Technician level required" beside an action the operator level may not run. */
export function LevelNote({ action }: { action: keyof ActionArgs }) {
  return useNeedsTechnician(action) ? (
    <span class="level-note">
      <span aria-hidden="true">🔒</span> {t('mes.levelNeeded')}
    </span>
  ) : null;
}

export interface Outcome {
  readonly ok: boolean;
  readonly text: string;
  /** station time of the answer (epoch ms of the simulation clock) */
  readonly at: number;
}

/**
 * Run actions and keep the last outcome: `run` resolves with the ack; the outcome is announced (a
 * refusal assertively) and shown by `<OutcomeText>`.
 */
export function useAct(): {
  outcome: Outcome | null;
  busy: boolean;
  run: <A extends keyof ActionArgs>(
    action: A,
    args: ActionArgs[A],
    done: string | ((result: unknown) => string),
  ) => Promise<Ack>;
  clear(): void;
} {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    outcome,
    busy,
    clear: () => setOutcome(null),
    async run(action, args, done) {
      setBusy(true);
      const r = await act(action, args);
      setBusy(false);
      if (r.ok) {
        const text = typeof done === 'function' ? done(r.result) : done;
        setOutcome({ ok: true, text, at: absTime(simT.value) });
        announce(text);
      } else {
        const why = r.message || t(`error.${r.error}`);
        setOutcome({ ok: false, text: why, at: absTime(simT.value) });
        announce(`${t('common.refused')} ${why}`, true);
      }
      return r;
    },
  };
}

export function OutcomeText({ o }: { o: Outcome | null }) {
  if (!o) return null;
  return o.ok ? (
    <p class="outcome done" data-at={o.at}>
      <span aria-hidden="true">✓</span> {o.text} <span class="hint">({fmtTime(o.at)})</span>
    </p>
  ) : (
    <p class="outcome refused" role="alert" data-at={o.at}>
      <span aria-hidden="true">✗</span> {t('common.refused')} {o.text}
    </p>
  );
}

// ---- figures -------------------------------------------------------------------------------------------

/** A share as a bar beside its number (the number carries the information). */
export function Bar({ value, max, text }: { value: number; max: number; text: string }) {
  const w = max > 0 ? Math.max(0, Math.min(100, (100 * value) / max)) : 0;
  return (
    <span class="mes-bar">
      <span class="track" aria-hidden="true">
        <span class="fill" style={{ width: `${w}%` }} />
      </span>
      <span class="num">{text}</span>
    </span>
  );
}

/** A key figure: label above, value below. */
export function Kpi(props: { label: string; value: string; sub?: string; id?: string }) {
  return (
    <div class="kpi" id={props.id}>
      <dt>{props.label}</dt>
      <dd>
        <span class="kpi-value">{props.value}</span>
        {props.sub ? <span class="kpi-sub">{props.sub}</span> : null}
      </dd>
    </div>
  );
}

/** A section with its heading (`h2`) and a refresh button. */
export function Section(props: {
  id: string;
  title: string;
  onRefresh?: () => void;
  children: ComponentChildren;
}) {
  return (
    <section aria-labelledby={props.id} class="mes-section">
      <div class="section-head">
        <h2 id={props.id}>{props.title}</h2>
        {props.onRefresh ? (
          <button type="button" class="small" onClick={props.onRefresh}>
            {t('common.refresh')}
            <span class="sr-only"> : {props.title}</span>
          </button>
        ) : null}
      </div>
      {props.children}
    </section>
  );
}
