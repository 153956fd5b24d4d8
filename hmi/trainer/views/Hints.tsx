/**
 * Hints (trainers only): journaled with the trainer's identity as `HintPayloadSchema` says, graded as a
 * penalty on the chosen criterion, and — unless unticked — the text shown to the candidate in the events of
 * their HMI (the text only, never the criterion or the cost).
 */
import { useState } from 'preact/hooks';
import { announce } from '../../src/components/Announcer.tsx';
import { parseNum } from '../../src/i18n.ts';
import { giveHint } from '../api.ts';
import { tt } from '../i18n.ts';
import { selected, stationIds } from '../store.ts';
import { CRITERIA } from './criteria.ts';
import { StationPicker } from './StationPicker.tsx';

export function HintsView() {
  const station = selected.value || stationIds()[0] || '';
  const [fr, setFr] = useState('');
  const [en, setEn] = useState('');
  const [criterion, setCriterion] = useState('identification');
  const [cost, setCost] = useState('10');
  const [show, setShow] = useState(true);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const costNum = parseNum(cost);
  const costOk = Number.isFinite(costNum) && costNum >= 0 && costNum <= 100;
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {tt('hints.title')}
      </h1>
      <p>{tt('hints.intro')}</p>
      <StationPicker id="hint-station" label={tt('hints.station')} />
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setMsg(null);
          try {
            const text = {
              ...(fr.trim() ? { fr: fr.trim() } : {}),
              ...(en.trim() ? { en: en.trim() } : {}),
            };
            const r = await giveHint(station, {
              ...(Object.keys(text).length ? { text } : {}),
              criterion,
              cost: costNum / 100,
              show,
            });
            const m = tt('hints.sent', { seq: r.seq, shown: r.shown ? tt('hints.shownSuffix') : '' });
            setMsg({ ok: true, text: m });
            announce(m);
            setFr('');
            setEn('');
          } catch (err) {
            setMsg({
              ok: false,
              text: tt('common.error', { message: err instanceof Error ? err.message : String(err) }),
            });
          }
        }}
      >
        <div class="field">
          <label for="hint-fr">{tt('hints.textFr')}</label>
          <textarea
            id="hint-fr"
            rows={3}
            maxLength={2000}
            value={fr}
            onInput={(e) => setFr(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="hint-en">{tt('hints.textEn')}</label>
          <textarea
            id="hint-en"
            rows={2}
            maxLength={2000}
            value={en}
            onInput={(e) => setEn(e.currentTarget.value)}
          />
        </div>
        <div class="row-fields">
          <div class="field">
            <label for="hint-criterion">{tt('hints.criterion')}</label>
            <select
              id="hint-criterion"
              value={criterion}
              onChange={(e) => setCriterion(e.currentTarget.value)}
            >
              {CRITERIA.map((c) => (
                <option key={c} value={c}>
                  {tt(`criterion.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="hint-cost">{tt('hints.cost')}</label>
            <input
              id="hint-cost"
              inputMode="decimal"
              value={cost}
              aria-invalid={!costOk}
              onInput={(e) => setCost(e.currentTarget.value)}
            />
          </div>
        </div>
        <div class="check">
          <input
            id="hint-show"
            type="checkbox"
            checked={show}
            onChange={(e) => setShow(e.currentTarget.checked)}
          />
          <label for="hint-show">{tt('hints.show')}</label>
        </div>
        <div class="buttons">
          <button type="submit" class="primary" disabled={!station || !costOk}>
            {tt('hints.send')}
          </button>
        </div>
        {msg ? (
          <p class={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'}>
            <span aria-hidden="true">{msg.ok ? '✓' : '✗'}</span> {msg.text}
          </p>
        ) : null}
      </form>
    </>
  );
}
