/**
 * Scores with their evidence (issue 8: "a grid they can defend in front of a jury, entry by entry"): per
 * criterion the automatic score, the trainer's override and the score retained; per line its justification
 * (French or English) and the journal entries it cites — number, time from the exercise start, who, what.
 * Trainers override a criterion with a mandatory comment (journaled with their identity); the jury reads.
 * Exports: the group grid (CSV), the candidate's report (PDF, HTML), grid (CSV) and debrief timeline (CSV).
 */
import { useEffect, useState } from 'preact/hooks';
import { announce } from '../../src/components/Announcer.tsx';
import { fmtNum, loc, parseNum } from '../../src/i18n.ts';
import type { EntrySummary, Graded, ScoreReport } from '../api.ts';
import { download, exportUrls, getScore, override } from '../api.ts';
import { duration, tt } from '../i18n.ts';
import { canAct } from '../session.ts';
import { refreshStatus, selected, stationIds } from '../store.ts';
import { StationPicker } from './StationPicker.tsx';

type Criterion = ScoreReport['criteria'][number];
type Item = Criterion['items'][number];

const KIND_ICON: Record<Item['kind'], string> = { check: '✓', penalty: '−', critical: '⚠', note: 'ℹ' };
const VERDICT_ICON: Record<string, string> = { validated: '✓', resit: '◐', not_validated: '✗' };
const pct = (x: number) => fmtNum(Math.round(x * 1000) / 10, 1);

function Refs({ refs, cited }: { refs: readonly number[]; cited: ReadonlyMap<number, EntrySummary> }) {
  if (!refs.length) return <span class="hint">{tt('scores.noRefs')}</span>;
  return (
    <ul class="refs" aria-label={tt('scores.refs')}>
      {refs.map((s) => {
        const e = cited.get(s);
        return (
          <li key={s}>
            {e
              ? tt('scores.ref', { seq: s, clock: e.clock, who: e.who || '—', what: loc(e) })
              : tt('scores.ref', { seq: s, clock: '—', who: '—', what: '—' })}
          </li>
        );
      })}
    </ul>
  );
}

function OverrideForm({
  station,
  c,
  onDone,
}: {
  station: string;
  c: Criterion;
  onDone: (g: Graded) => void;
}) {
  const [score, setScore] = useState(pct(c.score));
  const [comment, setComment] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const id = `ov-${c.id}`;
  const label = tt(`criterion.${c.id}`);
  return (
    <form
      class="override"
      aria-label={tt('scores.overrideTitle', { label })}
      onSubmit={async (e) => {
        e.preventDefault();
        setMsg(null);
        const v = parseNum(score);
        if (comment.trim().length < 3) {
          setMsg({ ok: false, text: tt('scores.commentNeeded') });
          return;
        }
        try {
          const r = await override(station, {
            criterion: c.id,
            score: Math.max(0, Math.min(1, v / 100)),
            comment: comment.trim(),
          });
          const text = tt('scores.overrideDone', { seq: r.seq });
          setMsg({ ok: true, text });
          announce(text);
          setComment('');
          onDone(r);
          void refreshStatus();
        } catch (err) {
          setMsg({
            ok: false,
            text: tt('common.error', { message: err instanceof Error ? err.message : String(err) }),
          });
        }
      }}
    >
      <h4>{tt('scores.overrideTitle', { label })}</h4>
      <div class="row-fields">
        <div class="field">
          <label for={`${id}-score`}>{tt('scores.overrideScore')}</label>
          <input
            id={`${id}-score`}
            inputMode="decimal"
            size={6}
            value={score}
            onInput={(e) => setScore(e.currentTarget.value)}
          />
        </div>
        <div class="field grow">
          <label for={`${id}-comment`}>{tt('scores.overrideComment')}</label>
          <textarea
            id={`${id}-comment`}
            rows={2}
            required
            minLength={3}
            maxLength={2000}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
        </div>
      </div>
      <div class="buttons">
        <button type="submit" class="primary">
          {tt('scores.overrideSubmit')}
        </button>
      </div>
      {msg ? (
        <p class={msg.ok ? 'ok' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          <span aria-hidden="true">{msg.ok ? '✓' : '✗'}</span> {msg.text}
        </p>
      ) : null}
    </form>
  );
}

function CriterionDetails({
  station,
  c,
  cited,
  onDone,
}: {
  station: string;
  c: Criterion;
  cited: ReadonlyMap<number, EntrySummary>;
  onDone: (g: Graded) => void;
}) {
  const label = tt(`criterion.${c.id}`);
  return (
    <details class="criterion" id={`crit-${c.id}`}>
      <summary>
        {tt('scores.items', { label })} — {pct(c.score)} %
      </summary>
      <ol class="items">
        {c.items.map((i) => (
          <li key={i.id} class={`item kind-${i.kind}`}>
            <p>
              <strong>
                <span aria-hidden="true">{KIND_ICON[i.kind]}</span> {tt(`scores.kind.${i.kind}`)}
                {i.severity ? ` (${i.severity})` : ''}
              </strong>{' '}
              {loc(i)}
            </p>
            <p class="hint">
              {i.weight !== undefined && i.earned !== undefined
                ? `${tt('scores.earned', { earned: pct(i.earned), weight: fmtNum(i.weight, 2) })} · `
                : ''}
              {tt('scores.value', { value: fmtNum(i.value, 3) })}
            </p>
            <Refs refs={i.refs} cited={cited} />
          </li>
        ))}
      </ol>
      {canAct() ? <OverrideForm station={station} c={c} onDone={onDone} /> : null}
    </details>
  );
}

export function ScoresView() {
  const station = selected.value || stationIds()[0] || '';
  const [g, setG] = useState<Graded | null>(null);
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  const load = async () => {
    if (!station) return;
    setBusy(true);
    setErr('');
    try {
      setG(await getScore(station));
    } catch (e) {
      setG(null);
      const status = (e as { status?: number }).status;
      setErr(
        status === 404
          ? tt('scores.noExercise')
          : tt('common.error', { message: e instanceof Error ? e.message : String(e) }),
      );
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load();
  }, [station]);
  const r = g?.report;
  const cited = new Map((g?.cited ?? []).map((e) => [e.seq, e]));
  const urls = exportUrls(station);
  const dl = async (path: string, name: string) => {
    try {
      announce(tt('scores.downloaded', { file: await download(path, name) }));
    } catch (e) {
      announce(tt('common.error', { message: e instanceof Error ? e.message : String(e) }), true);
    }
  };
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {tt('scores.title')}
      </h1>
      {!canAct() ? <p class="warn">{tt('common.readOnly')}</p> : null}
      <div class="row-fields">
        <StationPicker id="scores-station" label={tt('scores.station')} />
        <div class="buttons">
          <button type="button" onClick={() => void load()} disabled={busy}>
            {tt('common.refresh')}
          </button>
        </div>
      </div>
      {err ? (
        <p class="warn" role="status">
          {err}
        </p>
      ) : null}
      {busy && !r ? <p>{tt('common.loading')}</p> : null}
      {r ? (
        <>
          <section aria-labelledby="summary-title" class="score-summary">
            <h2 id="summary-title">
              <span aria-hidden="true">{VERDICT_ICON[r.total.verdict]}</span>{' '}
              {tt('scores.summary', {
                pct: fmtNum(r.total.pct, 1),
                verdict: tt(`overview.verdict.${r.total.verdict}`),
              })}
            </h2>
            {r.total.pct !== r.total.auto_pct ? (
              <p>
                {tt('scores.auto', {
                  pct: fmtNum(r.total.auto_pct, 1),
                  verdict: tt(`overview.verdict.${r.total.verdict_auto}`),
                })}
              </p>
            ) : null}
            <ul>
              <li>
                {tt('scores.exercise', {
                  title: loc(r.exercise.title),
                  id: r.exercise.id,
                  sha: (r.exercise.sha256 ?? '').slice(0, 12),
                })}
              </li>
              <li>{tt('scores.candidate', { user: r.candidate ?? '—' })}</li>
              <li>{tt('scores.detection', { t: duration(r.detection.seconds) })}</li>
            </ul>
          </section>
          <section aria-labelledby="exports-title">
            <h2 id="exports-title">{tt('scores.exports')}</h2>
            <div class="buttons">
              <button
                type="button"
                onClick={() =>
                  void dl(
                    `/api/sessions/group?exercise=${encodeURIComponent(r.exercise.id)}`,
                    `group-${r.exercise.id}.csv`,
                  )
                }
              >
                {tt('scores.groupCsv')}
              </button>
              <button type="button" onClick={() => void dl(urls.pdf, `${station}.pdf`)}>
                {tt('scores.pdf')}
              </button>
              <button type="button" onClick={() => void dl(urls.html, `${station}.html`)}>
                {tt('scores.html')}
              </button>
              <button type="button" onClick={() => void dl(urls.csv, `${station}.csv`)}>
                {tt('scores.csv')}
              </button>
              <button type="button" onClick={() => void dl(urls.debrief, `${station}-debrief.csv`)}>
                {tt('scores.debriefCsv')}
              </button>
            </div>
          </section>
          <section aria-labelledby="criteria-title">
            <h2 id="criteria-title">{tt('scores.criteria')}</h2>
            <div class="table-wrap">
              <table class="criteria">
                <caption class="sr-only">{tt('scores.criteria')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tt('scores.criterion')}</th>
                    <th scope="col">{tt('scores.weight')}</th>
                    <th scope="col">{tt('scores.autoCol')}</th>
                    <th scope="col">{tt('scores.override')}</th>
                    <th scope="col">{tt('scores.retained')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.criteria.map((c) => (
                    <tr key={c.id} data-criterion={c.id}>
                      <th scope="row">
                        <a href={`#crit-${c.id}`}>{tt(`criterion.${c.id}`)}</a>
                      </th>
                      <td class="num">{fmtNum(c.weight, 0)} %</td>
                      <td class="num">{pct(c.auto)} %</td>
                      <td>
                        {c.override ? (
                          <>
                            <span aria-hidden="true">✎</span> {pct(c.override.score)} %{' '}
                            <span class="hint">
                              {tt('scores.by', {
                                by: c.override.by,
                                seq: c.override.seq,
                                comment: c.override.comment,
                              })}
                            </span>
                          </>
                        ) : (
                          tt('common.none')
                        )}
                      </td>
                      <td class="num">
                        <strong>{pct(c.score)} %</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {r.criteria.map((c) => (
              <CriterionDetails key={c.id} station={station} c={c} cited={cited} onDone={setG} />
            ))}
          </section>
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{tt('scores.timeline')}</h2>
            <div class="table-wrap">
              <table>
                <caption class="sr-only">{tt('scores.timeline')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tt('scores.clock')}</th>
                    <th scope="col">{tt('scores.event')}</th>
                    <th scope="col">{tt('scores.seq')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.timeline.map((e, i) => (
                    <tr key={`${e.seq ?? 'x'}-${i}`}>
                      <td class="num">{e.clock}</td>
                      <td>{loc(e)}</td>
                      <td class="num">{e.seq ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {r.notes.length ? (
            <section aria-labelledby="notes-title">
              <h2 id="notes-title">{tt('scores.notes')}</h2>
              <ul>
                {r.notes.map((n, i) => (
                  <li key={i}>{loc(n)}</li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
