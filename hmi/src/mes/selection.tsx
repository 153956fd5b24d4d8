/**
 * The choice of suspect parts for a quality decision (docs/mes.md "A quality selection"): since an alarm
 * (its last activation, e.g. "since the dryer alarm"), a shot range, a time window, or boxes — optionally
 * only the parts moulded with one material lot. The alarms offered are the ones the MES recorded.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { type MesAlarmLog, type QualitySelector, simOfLocal } from './api.ts';
import { tr, whenSim } from './format.ts';

export type SelectMode = 'alarm' | 'shots' | 'time' | 'boxes';

export interface SelectionState {
  mode: SelectMode;
  alarm: string;
  shotFrom: string;
  shotTo: string;
  from: string;
  to: string;
  boxes: string;
  lot: string;
}

export const emptySelection = (over: Partial<SelectionState> = {}): SelectionState => ({
  mode: 'alarm',
  alarm: '',
  shotFrom: '',
  shotTo: '',
  from: '',
  to: '',
  boxes: '',
  lot: '',
  ...over,
});

/** Distinct alarms that became active, with their last activation (what `afterAlarm` uses). */
export function alarmChoices(log: MesAlarmLog | null): { key: string; t: number; text: string }[] {
  const last = new Map<string, { t: number; text: string }>();
  for (const a of log ?? []) {
    if (a.state !== 'active') continue;
    last.set(`${a.equipment}/${a.code}`, { t: a.t, text: tr(a.text) });
  }
  return [...last.entries()].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.t - a.t);
}

const int = (s: string): number | undefined => {
  const n = Number(s.trim());
  return s.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : undefined;
};

/** The selector the API takes, or the reason the form is incomplete. */
export function toSelector(s: SelectionState): QualitySelector | string {
  const out: QualitySelector = {};
  switch (s.mode) {
    case 'alarm':
      if (!s.alarm) return t('mes.select.needAlarm');
      out.afterAlarm = s.alarm;
      break;
    case 'shots': {
      const a = int(s.shotFrom);
      const b = int(s.shotTo);
      if (a === undefined) return t('mes.select.needShots');
      out.shotFrom = a;
      if (b !== undefined) out.shotTo = b;
      break;
    }
    case 'time': {
      const a = s.from ? simOfLocal(s.from) : undefined;
      const b = s.to ? simOfLocal(s.to) : undefined;
      if (a === undefined) return t('mes.select.needTime');
      out.from = Math.round(a);
      if (b !== undefined) out.to = Math.round(b);
      break;
    }
    case 'boxes': {
      const list = s.boxes
        .split(/[\s,;]+/)
        .map((x) => x.trim())
        .filter(Boolean);
      if (!list.length) return t('mes.select.needBoxes');
      out.boxes = list;
      break;
    }
  }
  if (s.lot.trim()) out.lot = s.lot.trim();
  return out;
}

/** The selector in words, for the decisions table. */
export function selectorText(q: {
  shotFrom?: number | undefined;
  shotTo?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  boxes?: string[] | undefined;
  parts?: string[] | undefined;
  lot?: string | undefined;
  afterAlarm?: string | undefined;
}): string {
  const parts: string[] = [];
  if (q.afterAlarm) parts.push(t('mes.select.sinceAlarm', { alarm: q.afterAlarm }));
  if (q.shotFrom !== undefined || q.shotTo !== undefined)
    parts.push(t('mes.select.shotsText', { from: q.shotFrom ?? '…', to: q.shotTo ?? '…' }));
  if (q.from !== undefined || q.to !== undefined)
    parts.push(
      t('mes.select.timeText', {
        from: q.from === undefined ? '…' : whenSim(q.from),
        to: q.to === undefined ? '…' : whenSim(q.to),
      }),
    );
  if (q.boxes?.length) parts.push(t('mes.select.boxesText', { boxes: q.boxes.join(', ') }));
  if (q.parts?.length) parts.push(t('mes.select.partsText', { n: q.parts.length }));
  if (q.lot) parts.push(t('mes.select.lotText', { lot: q.lot }));
  return parts.join(' ; ') || '—';
}

export function SelectionFields(props: {
  id: string;
  value: SelectionState;
  onChange: (s: SelectionState) => void;
  alarms: MesAlarmLog | null;
  lots: readonly string[];
}) {
  const { id, value: s } = props;
  const set = (p: Partial<SelectionState>) => props.onChange({ ...s, ...p });
  const choices = alarmChoices(props.alarms);
  const [listId] = useState(`${id}-lots`);
  return (
    <fieldset class="field">
      <legend>{t('mes.select.legend')}</legend>
      <div class="row">
        {(['alarm', 'shots', 'time', 'boxes'] as const).map((m) => (
          <span class="check" key={m}>
            <input
              type="radio"
              id={`${id}-mode-${m}`}
              name={`${id}-mode`}
              checked={s.mode === m}
              onChange={() => set({ mode: m })}
            />
            <label for={`${id}-mode-${m}`}>{t(`mes.select.mode.${m}`)}</label>
          </span>
        ))}
      </div>
      {s.mode === 'alarm' ? (
        <div class="field">
          <label for={`${id}-alarm`}>{t('mes.select.alarm')}</label>
          <select
            key={`alarm-${choices.length}`}
            id={`${id}-alarm`}
            value={s.alarm}
            onChange={(e) => set({ alarm: e.currentTarget.value })}
          >
            <option value="">—</option>
            {choices.map((c) => (
              <option value={c.key} key={c.key}>
                {c.key} — {c.text} ({t('mes.select.lastAt', { time: whenSim(c.t) })})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {s.mode === 'shots' ? (
        <div class="row">
          <div class="field">
            <label for={`${id}-sf`}>{t('mes.select.shotFrom')}</label>
            <input
              id={`${id}-sf`}
              inputMode="numeric"
              size={8}
              value={s.shotFrom}
              onInput={(e) => set({ shotFrom: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for={`${id}-st`}>{t('mes.select.shotTo')}</label>
            <input
              id={`${id}-st`}
              inputMode="numeric"
              size={8}
              value={s.shotTo}
              onInput={(e) => set({ shotTo: e.currentTarget.value })}
            />
          </div>
        </div>
      ) : null}
      {s.mode === 'time' ? (
        <div class="row">
          <div class="field">
            <label for={`${id}-from`}>{t('mes.from')}</label>
            <input
              id={`${id}-from`}
              type="datetime-local"
              step={1}
              value={s.from}
              onInput={(e) => set({ from: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for={`${id}-to`}>{t('mes.select.toOptional')}</label>
            <input
              id={`${id}-to`}
              type="datetime-local"
              step={1}
              value={s.to}
              onInput={(e) => set({ to: e.currentTarget.value })}
            />
          </div>
        </div>
      ) : null}
      {s.mode === 'boxes' ? (
        <div class="field">
          <label for={`${id}-boxes`}>{t('mes.select.boxes')}</label>
          <input id={`${id}-boxes`} value={s.boxes} onInput={(e) => set({ boxes: e.currentTarget.value })} />
        </div>
      ) : null}
      <div class="field">
        <label for={`${id}-lot`}>{t('mes.select.lotOptional')}</label>
        <input
          id={`${id}-lot`}
          list={listId}
          value={s.lot}
          onInput={(e) => set({ lot: e.currentTarget.value })}
        />
        <datalist id={listId}>
          {props.lots.map((l) => (
            <option value={l} key={l} />
          ))}
        </datalist>
      </div>
    </fieldset>
  );
}
