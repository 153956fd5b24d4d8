/**
 * Parameters (domain-model §5.2 I): every set point and parameter a candidate level may write, with its
 * limits and the level it needs. A change takes a new value, a reason code and a comment, then a
 * confirmation showing old → new; it goes through the command API (validated, journaled, applied at the
 * next tick). A refusal shows its reason exactly as the simulator gave it.
 */
import { useState } from 'preact/hooks';
import type { WireSignalMeta, WireValue } from '../../simulator/server/realtime/wire.ts';
import { announce } from '../src/components/Announcer.tsx';
import { Dialog } from '../src/components/Dialog.tsx';
import { Value } from '../src/components/Value.tsx';
import { decimalsOf, enumLabel, formatValue } from '../src/format.ts';
import { fmtNum, loc, parseNum, t } from '../src/i18n.ts';
import { commandId, keys, liveValue, send } from '../src/live.ts';
import { byFlow, equipmentLabel } from '../src/model/equipment.ts';
import { query } from '../src/router.tsx';
import { level } from '../src/session.ts';

export const REASONS = ['correction', 'containment', 'restore', 'test', 'startup', 'other'] as const;

const withUnit = (m: WireSignalMeta, s: string) =>
  m.unit && m.type !== 'enum' && m.type !== 'bool' ? `${s} ${m.unit}` : s;

function rangeText(m: WireSignalMeta): string {
  if (m.type === 'enum') return (m.enumValues ?? []).map(enumLabel).join(', ');
  if (!m.range) return '—';
  const d = decimalsOf(m);
  return withUnit(m, `${fmtNum(m.range.min, d)} … ${fmtNum(m.range.max, d)}`);
}

/** The typed value of the editor's text, or an error message. */
function parse(m: WireSignalMeta, raw: string): { value: WireValue } | { error: string } {
  switch (m.type) {
    case 'float':
    case 'int': {
      const v = parseNum(raw);
      return Number.isFinite(v) ? { value: v } : { error: t('params.notNumber') };
    }
    case 'bool':
      return raw === 'true' || raw === 'false' ? { value: raw === 'true' } : { error: t('params.choose') };
    case 'enum':
      return raw ? { value: raw } : { error: t('params.choose') };
    default:
      return { value: raw };
  }
}

function Editor({ m, onDone }: { m: WireSignalMeta; onDone: (msg: string) => void }) {
  const current = liveValue(m.key).value.v;
  const start =
    m.type === 'enum' && typeof current === 'number'
      ? (m.enumValues?.[current] ?? '')
      : m.type === 'bool'
        ? String(current === true)
        : typeof current === 'number'
          ? fmtNum(current, decimalsOf(m)).replace(/\u202f|\u00a0/g, '')
          : String(current ?? '');
  const [raw, setRaw] = useState(start);
  const [code, setCode] = useState('');
  const [comment, setComment] = useState('');
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [error, setError] = useState('');
  const [refusal, setRefusal] = useState('');
  const [busy, setBusy] = useState(false);
  const parsed = parse(m, raw);
  const out =
    'value' in parsed &&
    typeof parsed.value === 'number' &&
    m.range &&
    (parsed.value < m.range.min || parsed.value > m.range.max);
  if (step === 'edit') {
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if ('error' in parsed) return setError(parsed.error);
          if (!code) return setError(t('params.needReason'));
          setError('');
          setRefusal('');
          setStep('confirm');
        }}
      >
        <p>
          {t('params.current')} <Value meta={m} /> — {t('params.range')} {rangeText(m)}
        </p>
        <div class="field">
          <label for="param-value">
            {t('params.newValue')} {m.unit && m.type !== 'enum' && m.type !== 'bool' ? `(${m.unit})` : ''}
          </label>
          {m.type === 'enum' ? (
            <select id="param-value" value={raw} onChange={(e) => setRaw(e.currentTarget.value)}>
              {(m.enumValues ?? []).map((v) => (
                <option value={v} key={v}>
                  {enumLabel(v)}
                </option>
              ))}
            </select>
          ) : m.type === 'bool' ? (
            <select id="param-value" value={raw} onChange={(e) => setRaw(e.currentTarget.value)}>
              <option value="true">{t('value.yes')}</option>
              <option value="false">{t('value.no')}</option>
            </select>
          ) : (
            <input
              id="param-value"
              inputMode={m.type === 'string' ? 'text' : 'decimal'}
              value={raw}
              onInput={(e) => setRaw(e.currentTarget.value)}
            />
          )}
        </div>
        <div class="field">
          <label for="param-reason">
            {t('params.reason')} <span class="req">({t('form.required')})</span>
          </label>
          <select id="param-reason" value={code} onChange={(e) => setCode(e.currentTarget.value)}>
            <option value="">—</option>
            {REASONS.map((r) => (
              <option value={r} key={r}>
                {t(`reason.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="param-comment">{t('params.comment')}</label>
          <input
            id="param-comment"
            maxLength={300}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
        </div>
        {error ? (
          <p class="error" role="alert">
            <span aria-hidden="true">✗</span> {error}
          </p>
        ) : null}
        <div class="buttons">
          <button type="submit" class="primary">
            {t('params.review')}
          </button>
          <button type="button" onClick={() => onDone('')}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    );
  }
  const value = (parsed as { value: WireValue }).value;
  const shownNew =
    m.type === 'enum'
      ? enumLabel(String(value))
      : m.type === 'bool'
        ? formatValue(m, value)
        : withUnit(m, raw.trim());
  return (
    <div>
      <p class="confirm">
        <strong>{loc(m.label)}</strong> : {withUnit(m, formatValue(m, current))}{' '}
        <span aria-hidden="true">→</span>
        <span class="sr-only">{t('params.to')}</span> <strong>{shownNew}</strong>
      </p>
      <p>
        {t('params.reason')} : {t(`reason.${code}`)}
        {comment ? ` — ${comment}` : ''}
      </p>
      {out ? (
        <p class="warn">
          <span aria-hidden="true">▲</span> {t('params.outOfRange', { range: rangeText(m) })}
        </p>
      ) : null}
      {refusal ? (
        <p class="error refusal" role="alert">
          <span aria-hidden="true">✗</span> {t('common.refused')} {refusal}
        </p>
      ) : null}
      <div class="buttons">
        <button
          type="button"
          class="primary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const r = await send('command', {
              kind: 'write',
              signal: m.key,
              value,
              reason: `${code}: ${comment.trim() || t(`reason.${code}`)}`,
              id: commandId(),
            });
            setBusy(false);
            if (r.ok) {
              const msg = t('params.applied', { name: loc(m.label), value: shownNew });
              announce(msg);
              onDone(msg);
            } else {
              const why = r.message || t(`error.${r.error}`);
              setRefusal(why);
              announce(`${t('common.refused')} ${why}`, true);
            }
          }}
        >
          {t('params.confirm')}
        </button>
        <button type="button" onClick={() => setStep('edit')}>
          {t('params.back')}
        </button>
        <button type="button" onClick={() => onDone('')}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

export function ParametersView() {
  const writable = keys.value.filter((k) => k.writeLevel !== undefined);
  const [editing, setEditing] = useState<string | null>(() => query.value.get('signal'));
  const [last, setLast] = useState('');
  const eqs = [...new Set(writable.map((k) => k.equipment))].sort(byFlow);
  const m = writable.find((k) => k.key === editing);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('params.title')}
      </h1>
      <p>{t('params.intro', { level: t(`level.${level.value}`) })}</p>
      {last ? (
        <p class="ok" role="status">
          <span aria-hidden="true">✓</span> {last}
        </p>
      ) : null}
      {eqs.map((eq) => (
        <div class="table-wrap" key={eq}>
          <table class="params">
            <caption>{equipmentLabel(eq)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('params.parameter')}</th>
                <th scope="col">{t('params.value')}</th>
                <th scope="col">{t('params.range')}</th>
                <th scope="col">{t('params.levelNeeded')}</th>
                <th scope="col">{t('params.action')}</th>
              </tr>
            </thead>
            <tbody>
              {writable
                .filter((k) => k.equipment === eq)
                .map((k) => (
                  <tr key={k.key}>
                    <th scope="row">
                      {loc(k.label)} <code class="key">{k.key}</code>
                    </th>
                    <td>
                      <Value meta={k} />
                    </td>
                    <td>{rangeText(k)}</td>
                    <td>{t(`level.${k.writeLevel}`)}</td>
                    <td>
                      {k.writable ? (
                        <button
                          type="button"
                          onClick={() => {
                            setLast('');
                            setEditing(k.key);
                          }}
                        >
                          {t('params.change')}
                          <span class="sr-only"> {loc(k.label)}</span>
                        </button>
                      ) : (
                        <span class="hint">
                          <span aria-hidden="true">⊘</span>{' '}
                          {t('params.needLevel', { level: t(`level.${k.writeLevel}`) })}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ))}
      <Dialog
        open={!!m?.writable}
        title={m ? `${t('params.change')} — ${loc(m.label)}` : ''}
        onClose={() => setEditing(null)}
      >
        {m ? (
          <Editor
            key={m.key}
            m={m}
            onDone={(msg) => {
              setLast(msg);
              setEditing(null);
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
