/**
 * The diagnosis form (issue 6; domain-model §6.5–6.6): observed symptoms, suspected root cause from the
 * taxonomy (equipment → component → failure mode, with its 6M family), cited evidence (signals or curves
 * with time windows, picked from the trends and curves screens or typed), explanation, corrective and
 * preventive recommendations. Submitting locks the answer; a later submission is a new version, which the
 * scorer sees as such. The draft stays in the browser tab until it is submitted.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  type DiagnosisDraft,
  type DiagnosisVersion,
  type EvidenceItem,
  getDiagnosis,
  getTaxonomy,
  type Taxonomy,
} from '../src/api.ts';
import { announce } from '../src/components/Announcer.tsx';
import { Dialog } from '../src/components/Dialog.tsx';
import { draft, setDraft } from '../src/draft.ts';
import { isNumeric } from '../src/format.ts';
import { fmtTime, loc, t } from '../src/i18n.ts';
import { diagnosisStatus, keys, metaOf, send } from '../src/live.ts';

export const SYMPTOMS = [
  'short_shot',
  'flash',
  'sink_marks',
  'warpage',
  'burn_marks',
  'splay',
  'dark_streaks',
  'weight_drift',
  'dimension_drift',
  'cushion_drift',
  'dosing_time_up',
  'temperature_deviation',
  'pressure_change',
  'cycle_time_up',
  'rejects_up',
  'alarm_raised',
  'stale_data',
  'vacuum_loss',
  'stoppage',
] as const;

const KINDS: EvidenceItem['kind'][] = ['signal', 'curve', 'shot', 'alarm', 'observation'];

const symptomText = (s: string) => {
  const k = `symptom.${s}`;
  const x = t(k);
  return x === k ? s : x;
};

const toInput = (ms: number | undefined) => {
  if (ms === undefined) return '';
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
const fromInput = (s: string): number | undefined => {
  const v = new Date(s).getTime();
  return s && Number.isFinite(v) ? v : undefined;
};

function rootCauseText(tax: Taxonomy | null, rc: DiagnosisDraft['rootCause']): string {
  const eq = tax?.equipment.find((e) => e.id === rc.equipment);
  const c = eq?.components.find((x) => x.id === rc.component);
  const m = c?.modes.find((x) => x.id === rc.failureMode);
  return eq && c && m
    ? `${loc(eq.label)} › ${loc(c.label)} › ${loc(m.label)}`
    : `${rc.equipment}/${rc.component}/${rc.failureMode}`;
}

function Summary({ v, tax }: { v: DiagnosisVersion; tax: Taxonomy | null }) {
  const d = v.diagnosis;
  const fam = tax?.families.find((f) => f.id === v.family);
  return (
    <dl class="diag-summary">
      <dt>{t('diag.symptoms')}</dt>
      <dd>
        <ul>
          {d.symptoms.map((s) => (
            <li key={s}>{symptomText(s)}</li>
          ))}
        </ul>
      </dd>
      <dt>{t('diag.rootCause')}</dt>
      <dd>
        {rootCauseText(tax, d.rootCause)} {fam ? `(${t('diag.family')} : ${loc(fam.label)})` : ''}
      </dd>
      <dt>{t('diag.evidence')}</dt>
      <dd>
        {d.evidence.length ? (
          <ul>
            {d.evidence.map((e, i) => (
              <li key={i}>
                {t(`evidence.${e.kind}`)} — {e.kind === 'signal' ? loc(metaOf(e.ref)?.label, e.ref) : e.ref}
                {e.from !== undefined && e.to !== undefined
                  ? ` (${fmtTime(e.from, true)} → ${fmtTime(e.to, true)})`
                  : ''}
                {e.note ? ` : ${e.note}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          '—'
        )}
      </dd>
      <dt>{t('diag.explanation')}</dt>
      <dd class="pre">{d.explanation}</dd>
      <dt>{t('diag.corrective')}</dt>
      <dd class="pre">{d.corrective}</dd>
      <dt>{t('diag.preventive')}</dt>
      <dd class="pre">{d.preventive || '—'}</dd>
    </dl>
  );
}

function validate(d: DiagnosisDraft): string {
  if (d.symptoms.length === 0) return t('diag.needSymptom');
  if (!d.rootCause.equipment || !d.rootCause.component || !d.rootCause.failureMode)
    return t('diag.needRootCause');
  if (!d.explanation.trim()) return t('diag.needExplanation');
  if (!d.corrective.trim()) return t('diag.needCorrective');
  return '';
}

function Form({
  tax,
  expected,
  onSubmitted,
}: {
  tax: Taxonomy | null;
  expected: number;
  onSubmitted: () => void;
}) {
  const d = draft.value;
  const [free, setFree] = useState('');
  const [error, setError] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (p: Partial<DiagnosisDraft>) => setDraft({ ...draft.value, ...p });
  const rc = d.rootCause;
  const eq = tax?.equipment.find((e) => e.id === rc.equipment);
  const comp = eq?.components.find((c) => c.id === rc.component);
  const mode = comp?.modes.find((m) => m.id === rc.failureMode);
  const fam = tax?.families.find((f) => f.id === mode?.family);
  const signals = keys.value.filter(isNumeric);
  const setEv = (i: number, p: Partial<EvidenceItem>) =>
    set({ evidence: d.evidence.map((e, j) => (j === i ? { ...e, ...p } : e)) });
  return (
    <form
      class="diag"
      onSubmit={(e) => {
        e.preventDefault();
        const why = validate(draft.value);
        setError(why);
        if (why) announce(why, true);
        else setConfirm(true);
      }}
    >
      <fieldset>
        <legend>{t('diag.symptoms')}</legend>
        <div class="symptoms">
          {SYMPTOMS.map((s) => (
            <div class="check" key={s}>
              <input
                id={`sym-${s}`}
                type="checkbox"
                checked={d.symptoms.includes(s)}
                onChange={(e) =>
                  set({
                    symptoms: e.currentTarget.checked
                      ? [...d.symptoms, s]
                      : d.symptoms.filter((x) => x !== s),
                  })
                }
              />
              <label for={`sym-${s}`}>{symptomText(s)}</label>
            </div>
          ))}
        </div>
        <ul class="free-symptoms">
          {d.symptoms
            .filter((s) => !(SYMPTOMS as readonly string[]).includes(s))
            .map((s) => (
              <li key={s}>
                {s}{' '}
                <button
                  type="button"
                  class="small"
                  onClick={() => set({ symptoms: d.symptoms.filter((x) => x !== s) })}
                >
                  {t('common.remove')}
                  <span class="sr-only"> {s}</span>
                </button>
              </li>
            ))}
        </ul>
        <label for="sym-free">{t('diag.otherSymptom')}</label>{' '}
        <input id="sym-free" maxLength={300} value={free} onInput={(e) => setFree(e.currentTarget.value)} />{' '}
        <button
          type="button"
          onClick={() => {
            const s = free.trim();
            if (s && !d.symptoms.includes(s)) set({ symptoms: [...d.symptoms, s].slice(0, 20) });
            setFree('');
          }}
        >
          {t('common.add')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('diag.rootCause')}</legend>
        <div class="field">
          <label for="rc-eq">{t('diag.equipment')}</label>
          <select
            id="rc-eq"
            value={rc.equipment}
            onChange={(e) =>
              set({ rootCause: { equipment: e.currentTarget.value, component: '', failureMode: '' } })
            }
          >
            <option value="">—</option>
            {tax?.equipment.map((x) => (
              <option value={x.id} key={x.id}>
                {loc(x.label)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="rc-comp">{t('diag.component')}</label>
          <select
            id="rc-comp"
            value={rc.component}
            disabled={!eq}
            onChange={(e) => set({ rootCause: { ...rc, component: e.currentTarget.value, failureMode: '' } })}
          >
            <option value="">—</option>
            {eq?.components.map((x) => (
              <option value={x.id} key={x.id}>
                {loc(x.label)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="rc-mode">{t('diag.failureMode')}</label>
          <select
            id="rc-mode"
            value={rc.failureMode}
            disabled={!comp}
            onChange={(e) => set({ rootCause: { ...rc, failureMode: e.currentTarget.value } })}
          >
            <option value="">—</option>
            {comp?.modes.map((x) => (
              <option value={x.id} key={x.id}>
                {loc(x.label)}
              </option>
            ))}
          </select>
        </div>
        <p>
          {t('diag.family')} : <strong>{fam ? loc(fam.label) : '—'}</strong>
        </p>
      </fieldset>

      <fieldset>
        <legend>{t('diag.evidence')}</legend>
        <p class="hint">{t('diag.evidenceHint')}</p>
        {d.evidence.map((e, i) => (
          <fieldset class="evidence" key={i}>
            <legend class="sr-only">{t('diag.evidenceN', { n: i + 1 })}</legend>
            <div class="field">
              <label for={`ev-kind-${i}`}>{t('diag.kind')}</label>
              <select
                id={`ev-kind-${i}`}
                value={e.kind}
                onChange={(x) => setEv(i, { kind: x.currentTarget.value as EvidenceItem['kind'] })}
              >
                {KINDS.map((k) => (
                  <option value={k} key={k}>
                    {t(`evidence.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`ev-ref-${i}`}>{t('diag.ref')}</label>
              {e.kind === 'signal' ? (
                <select
                  id={`ev-ref-${i}`}
                  value={e.ref}
                  onChange={(x) => setEv(i, { ref: x.currentTarget.value })}
                >
                  <option value="">—</option>
                  {signals.map((m) => (
                    <option value={m.key} key={m.key}>
                      {loc(m.label)} ({m.key})
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`ev-ref-${i}`}
                  maxLength={200}
                  value={e.ref}
                  onInput={(x) => setEv(i, { ref: x.currentTarget.value })}
                />
              )}
            </div>
            <div class="field">
              <label for={`ev-from-${i}`}>{t('trends.from')}</label>
              <input
                id={`ev-from-${i}`}
                type="datetime-local"
                step={1}
                value={toInput(e.from)}
                onChange={(x) => setEv(i, { from: fromInput(x.currentTarget.value) })}
              />
            </div>
            <div class="field">
              <label for={`ev-to-${i}`}>{t('trends.to')}</label>
              <input
                id={`ev-to-${i}`}
                type="datetime-local"
                step={1}
                value={toInput(e.to)}
                onChange={(x) => setEv(i, { to: fromInput(x.currentTarget.value) })}
              />
            </div>
            <div class="field">
              <label for={`ev-note-${i}`}>{t('diag.note')}</label>
              <input
                id={`ev-note-${i}`}
                maxLength={500}
                value={e.note ?? ''}
                onInput={(x) => setEv(i, { note: x.currentTarget.value })}
              />
            </div>
            <button
              type="button"
              class="small"
              onClick={() => set({ evidence: d.evidence.filter((_, j) => j !== i) })}
            >
              {t('common.remove')}
              <span class="sr-only"> {t('diag.evidenceN', { n: i + 1 })}</span>
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() =>
            set({ evidence: [...d.evidence, { kind: 'observation' as const, ref: '' }].slice(0, 30) })
          }
        >
          {t('diag.addEvidence')}
        </button>
      </fieldset>

      {(['explanation', 'corrective', 'preventive'] as const).map((f) => (
        <div class="field" key={f}>
          <label for={`diag-${f}`}>
            {t(`diag.${f}`)}
            {f !== 'preventive' ? <span class="req"> ({t('form.required')})</span> : null}
          </label>
          <textarea
            id={`diag-${f}`}
            rows={f === 'explanation' ? 6 : 4}
            maxLength={f === 'explanation' ? 4000 : 2000}
            value={d[f]}
            onInput={(e) => set({ [f]: e.currentTarget.value })}
          />
        </div>
      ))}
      {error ? (
        <p class="error" role="alert">
          <span aria-hidden="true">✗</span> {error}
        </p>
      ) : null}
      <button type="submit" class="primary">
        {expected === 0 ? t('diag.submit') : t('diag.submitVersion', { n: expected + 1 })}
      </button>
      <Dialog open={confirm} title={t('diag.confirmTitle')} onClose={() => setConfirm(false)}>
        <p>{expected === 0 ? t('diag.confirmLock') : t('diag.confirmVersion', { n: expected + 1 })}</p>
        <div class="buttons">
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const cur = draft.value;
              const payload: DiagnosisDraft = {
                ...cur,
                evidence: cur.evidence
                  .filter((e) => e.ref.trim())
                  .map((e) => ({
                    kind: e.kind,
                    ref: e.ref.trim(),
                    ...(e.from !== undefined ? { from: e.from } : {}),
                    ...(e.to !== undefined ? { to: e.to } : {}),
                    ...(e.note?.trim() ? { note: e.note.trim() } : {}),
                  })),
              };
              const r = await send('diagnosis.submit', { expectedVersion: expected, diagnosis: payload });
              setBusy(false);
              setConfirm(false);
              if (r.ok) {
                announce(t('diag.submitted', { n: r.version as number }));
                onSubmitted();
              } else {
                const why = r.message || t(`error.${r.error}`);
                setError(`${t('common.refused')} ${why}`);
                announce(`${t('common.refused')} ${why}`, true);
              }
            }}
          >
            {t('diag.confirm')}
          </button>
          <button type="button" onClick={() => setConfirm(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </Dialog>
    </form>
  );
}

export function DiagnosisView() {
  const [versions, setVersions] = useState<DiagnosisVersion[] | null>(null);
  const [tax, setTax] = useState<Taxonomy | null>(null);
  const [editing, setEditing] = useState(false);
  const reload = () =>
    getDiagnosis()
      .then((r) => setVersions(r.versions))
      .catch(() => setVersions([]));
  useEffect(() => {
    void reload();
  }, [diagnosisStatus.value?.version]);
  useEffect(() => {
    getTaxonomy()
      .then(setTax)
      .catch(() => {});
  }, []);
  const latest = versions?.at(-1);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('diag.title')}
      </h1>
      {versions === null ? <p>{t('common.loading')}</p> : null}
      {latest && !editing ? (
        <section aria-labelledby="locked-title">
          <h2 id="locked-title">
            <span aria-hidden="true">■</span>{' '}
            {t('diag.locked', { n: latest.version, time: fmtTime(latest.wall, true) })}
          </h2>
          <p class="status-text" data-version={latest.version}>
            {t('diag.lockedHint')}
          </p>
          <Summary v={latest} tax={tax} />
          {versions!.length > 1 ? <p>{t('diag.versions', { n: versions!.length })}</p> : null}
          <button
            type="button"
            onClick={() => {
              setDraft(JSON.parse(JSON.stringify(latest.diagnosis)) as DiagnosisDraft);
              setEditing(true);
            }}
          >
            {t('diag.newVersion', { n: latest.version + 1 })}
          </button>
        </section>
      ) : null}
      {versions !== null && (!latest || editing) ? (
        <>
          {editing ? (
            <p class="warn">
              <span aria-hidden="true">▲</span> {t('diag.editingHint', { n: (latest?.version ?? 0) + 1 })}{' '}
              <button type="button" class="small" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </button>
            </p>
          ) : null}
          <Form
            tax={tax}
            expected={latest?.version ?? 0}
            onSubmitted={() => {
              setEditing(false);
              void reload();
            }}
          />
        </>
      ) : null}
    </>
  );
}
