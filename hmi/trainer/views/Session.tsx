/**
 * Start a session: pick an exercise (its fit to the lab, or the file's problems with line and field),
 * choose the stations, optionally a seed, start. The draws (which fault where, when) are shown to the
 * trainer folded away, so a projected screen does not give them away. Stop a session, with or without
 * removing the exercise's remaining faults. The jury sees the list read-only.
 */
import { useEffect, useState } from 'preact/hooks';
import { announce } from '../../src/components/Announcer.tsx';
import { loc, parseNum } from '../../src/i18n.ts';
import {
  type ExerciseEntry,
  type FitReason,
  getExercises,
  type StartResult,
  startSession,
  stopSession,
} from '../api.ts';
import { duration, tt } from '../i18n.ts';
import { canAct } from '../session.ts';
import { refreshLab, refreshStatus, stationIds, statuses } from '../store.ts';

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function Reasons({ list }: { list: readonly FitReason[] }) {
  return (
    <ul>
      {list.map((r, i) => (
        <li key={i}>
          <span aria-hidden="true">✗</span> {loc(r)}
        </li>
      ))}
    </ul>
  );
}

function Details({ e }: { e: ExerciseEntry }) {
  if (!e.ok) {
    return (
      <div class="error" role="status">
        <p>
          <span aria-hidden="true">✗</span> {tt('session.fileProblems')} <code>{e.file}</code>
        </p>
        <ul>
          {e.issues.map((i, k) => (
            <li key={k}>{tt('session.issue', { ...i })}</li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <>
      <p>
        <strong>{loc(e.title)}</strong> <code>{e.file}</code>
      </p>
      {e.summary ? <p>{loc(e.summary)}</p> : null}
      <ul>
        <li>{tt('session.setup', e.setup)}</li>
        <li>{tt('session.level', { level: e.level, min: e.duration_min })}</li>
        <li>{tt('session.faultsOf', { faults: e.faults.join(', ') })}</li>
      </ul>
      <h2>{tt('session.step2')}</h2>
      {e.compatible ? (
        <p class="ok" role="status">
          <span aria-hidden="true">✓</span> {tt('session.compatible')}
        </p>
      ) : (
        <div class="error" role="status">
          <p>
            <span aria-hidden="true">✗</span> {tt('session.notCompatible')}
          </p>
          <Reasons list={e.reasons} />
        </div>
      )}
    </>
  );
}

function Drawn({ r }: { r: StartResult }) {
  return (
    <details class="drawn">
      <summary>{tt('session.drawn')}</summary>
      <div class="table-wrap">
        <table>
          <caption>{tt('session.drawnCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{tt('common.station')}</th>
              <th scope="col">{tt('session.item')}</th>
              <th scope="col">{tt('session.fault')}</th>
              <th scope="col">{tt('session.component')}</th>
              <th scope="col">{tt('session.severity')}</th>
              <th scope="col">{tt('session.onsetAt')}</th>
            </tr>
          </thead>
          <tbody>
            {r.stations.flatMap((s) =>
              s.faults.map((f) => (
                <tr key={`${s.station}-${f.item}`}>
                  <th scope="row">{s.station}</th>
                  <td>{f.item}</td>
                  <td>{f.fault}</td>
                  <td>
                    <code>{f.component}</code>
                  </td>
                  <td class="num">{f.severity}</td>
                  <td class="num">{duration(f.onset_s)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function StopForm() {
  const running = statuses.value.filter((s) => s.exercise?.active);
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [clear, setClear] = useState(true);
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const sel = chosen ?? new Set(running.map((s) => s.station));
  if (!running.length) return <p>{tt('session.nothingRunning')}</p>;
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const r = await stopSession({
            stations: [...sel],
            clear_faults: clear,
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          });
          const text = tt('session.stopped', { stations: r.stations.join(', ') });
          setMsg({ ok: true, text });
          announce(text);
          setChosen(null);
          await refreshLab();
          await refreshStatus();
        } catch (err) {
          setMsg({ ok: false, text: tt('common.error', { message: errText(err) }) });
        }
      }}
    >
      <fieldset>
        <legend>{tt('session.stopStations')}</legend>
        {running.map((s) => (
          <div class="check" key={s.station}>
            <input
              id={`stop-${s.station}`}
              type="checkbox"
              checked={sel.has(s.station)}
              onChange={(e) => {
                const next = new Set(sel);
                if (e.currentTarget.checked) next.add(s.station);
                else next.delete(s.station);
                setChosen(next);
              }}
            />
            <label for={`stop-${s.station}`}>
              {s.station} — {s.exercise ? loc(s.exercise.title) : ''}
            </label>
          </div>
        ))}
      </fieldset>
      <div class="check">
        <input
          id="stop-clear"
          type="checkbox"
          checked={clear}
          onChange={(e) => setClear(e.currentTarget.checked)}
        />
        <label for="stop-clear">{tt('session.clearFaults')}</label>
      </div>
      <div class="field">
        <label for="stop-reason">{tt('session.reason')}</label>
        <input
          id="stop-reason"
          maxLength={300}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </div>
      <div class="buttons">
        <button type="submit" disabled={!sel.size}>
          {tt('session.stop')}
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

export function SessionView() {
  const [list, setList] = useState<ExerciseEntry[] | null>(null);
  const [loadErr, setLoadErr] = useState('');
  const [pick, setPick] = useState('');
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [seed, setSeed] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<StartResult | null>(null);
  const [refusal, setRefusal] = useState<{ text: string; reasons: FitReason[] } | null>(null);
  const act = canAct();
  useEffect(() => {
    getExercises()
      .then(setList)
      .catch((e) => setLoadErr(errText(e)));
  }, []);
  const ids = stationIds();
  const busyOf = new Map(
    statuses.value.filter((s) => s.exercise?.active).map((s) => [s.station, s.exercise!.id]),
  );
  const free = ids.filter((id) => !busyOf.has(id));
  const sel = chosen ?? new Set(free);
  const entry = list?.find((e) => (e.ok ? e.id : e.file) === pick);
  const seedNum = seed.trim() === '' ? undefined : parseNum(seed);
  const seedOk = seedNum === undefined || (Number.isInteger(seedNum) && seedNum >= 0 && seedNum < 2 ** 31);
  const running = statuses.value.filter((s) => s.exercise?.active);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {tt('session.title')}
      </h1>
      {!act ? <p class="warn">{tt('common.readOnly')}</p> : null}
      {running.length ? (
        <p>
          {tt('session.running', {
            list: running.map((s) => `${s.station} (${s.exercise ? loc(s.exercise.title) : ''})`).join(', '),
          })}
        </p>
      ) : null}
      {loadErr ? (
        <p class="error" role="alert">
          {tt('common.error', { message: loadErr })}
        </p>
      ) : null}
      {!list && !loadErr ? <p>{tt('common.loading')}</p> : null}
      {list ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!entry?.ok || !act) return;
            setBusy(true);
            setRefusal(null);
            setResult(null);
            try {
              const r = await startSession({
                exercise: entry.id,
                stations: [...sel],
                ...(seedNum !== undefined ? { seed: seedNum } : {}),
              });
              setResult(r);
              setChosen(null);
              announce(
                tt('session.started', {
                  id: r.exercise.id,
                  stations: r.stations.map((s) => s.station).join(', '),
                  seed: r.seed,
                }),
              );
              await refreshLab();
              await refreshStatus();
            } catch (err) {
              const reasons = (err as { reasons?: FitReason[] }).reasons ?? [];
              setRefusal({ text: errText(err), reasons });
            } finally {
              setBusy(false);
            }
          }}
        >
          <h2>{tt('session.step1')}</h2>
          <div class="field">
            <label for="exercise">{tt('session.exercise')}</label>
            <select
              id="exercise"
              value={pick}
              onChange={(e) => {
                setPick(e.currentTarget.value);
                setResult(null);
                setRefusal(null);
              }}
            >
              <option value="">{tt('session.choose')}</option>
              {list.map((x) =>
                x.ok ? (
                  <option key={x.id} value={x.id}>
                    {loc(x.title)} — {x.id}
                    {x.compatible ? '' : ` (${tt('session.incompatible')})`}
                  </option>
                ) : (
                  <option key={x.file} value={x.file}>
                    {x.file} ({tt('session.invalid')})
                  </option>
                ),
              )}
            </select>
          </div>
          {entry ? <Details e={entry} /> : null}
          {entry?.ok && act ? (
            <>
              <h2>{tt('session.step3')}</h2>
              <fieldset>
                <legend>{tt('session.stations')}</legend>
                {ids.map((id) => (
                  <div class="check" key={id}>
                    <input
                      id={`st-${id}`}
                      type="checkbox"
                      disabled={busyOf.has(id)}
                      checked={sel.has(id) && !busyOf.has(id)}
                      onChange={(e) => {
                        const next = new Set(sel);
                        if (e.currentTarget.checked) next.add(id);
                        else next.delete(id);
                        setChosen(next);
                      }}
                    />
                    <label for={`st-${id}`}>
                      {id}
                      {busyOf.has(id) ? ` — ${tt('session.busy', { id: busyOf.get(id) })}` : ''}
                    </label>
                  </div>
                ))}
              </fieldset>
              <h2>{tt('session.step4')}</h2>
              <div class="field">
                <label for="seed">{tt('session.seed')}</label>
                <input
                  id="seed"
                  inputMode="numeric"
                  value={seed}
                  aria-describedby="seed-help"
                  aria-invalid={!seedOk}
                  onInput={(e) => setSeed(e.currentTarget.value)}
                />
                <span id="seed-help" class="hint">
                  {tt('session.seedHelp')}
                </span>
              </div>
              <div class="buttons">
                <button
                  type="submit"
                  class="primary"
                  disabled={busy || !entry.compatible || !seedOk || ![...sel].some((s) => !busyOf.has(s))}
                >
                  {tt('session.start')}
                </button>
              </div>
            </>
          ) : null}
        </form>
      ) : null}
      {refusal ? (
        <div class="error" role="alert">
          <p>
            <span aria-hidden="true">✗</span> {tt('session.refused', { message: refusal.text })}
          </p>
          {refusal.reasons.length ? <Reasons list={refusal.reasons} /> : null}
        </div>
      ) : null}
      {result ? (
        <div class="ok" role="status">
          <p>
            <span aria-hidden="true">✓</span>{' '}
            {tt('session.started', {
              id: result.exercise.id,
              stations: result.stations.map((s) => s.station).join(', '),
              seed: result.seed,
            })}
          </p>
          {result.notes.length ? (
            <>
              <p>{tt('session.notes')}</p>
              <ul>
                {result.notes.map((n, i) => (
                  <li key={i}>{loc(n)}</li>
                ))}
              </ul>
            </>
          ) : null}
          <Drawn r={result} />
        </div>
      ) : null}
      {act ? (
        <section aria-labelledby="stop-title">
          <h2 id="stop-title">{tt('session.stopTitle')}</h2>
          <StopForm />
        </section>
      ) : null}
    </>
  );
}
