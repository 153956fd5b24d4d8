/**
 * The group at a glance: one row per station — state, mode, alarms, shots, last shot's quality, the
 * exercise, time since its start and since the fault's onset, detection and diagnosis, the provisional
 * score, and for trainers the active faults. Every state is a word with an icon, never a colour alone.
 */
import { fmtNum, fmtTime, loc } from '../../src/i18n.ts';
import { Link } from '../../src/router.tsx';
import type { StationStatus } from '../api.ts';
import { duration, tt } from '../i18n.ts';
import { tsession } from '../session.ts';
import { BASE, statusAt, statusError, statuses } from '../store.ts';

const STATE_ICON: Record<StationStatus['state'], string> = { producing: '▶', stopped: '■', idle: '◌' };
const VERDICT_ICON: Record<string, string> = { validated: '✓', resit: '◐', not_validated: '✗' };

function Quality({ q }: { q: string | null | undefined }) {
  if (!q) return <>{tt('common.none')}</>;
  const good = q === 'good';
  const bad = q === 'bad';
  return (
    <span class={`tag ${good ? 'ok-t' : bad ? 'bad-t' : ''}`}>
      <span aria-hidden="true">{good ? '✓' : bad ? '✗' : '•'}</span>{' '}
      {good || bad ? tt(`overview.quality.${q}`) : tt('overview.quality.other', { q })}
    </span>
  );
}

function Row({ s, trainer }: { s: StationStatus; trainer: boolean }) {
  const ex = s.exercise;
  return (
    <tr>
      <th scope="row">{s.station}</th>
      <td>
        <span class={`tag state-${s.state}`}>
          <span aria-hidden="true">{STATE_ICON[s.state]}</span> {tt(`overview.states.${s.state}`)}
        </span>
        <div class="sub">{s.mode ?? ''}</div>
      </td>
      <td>
        {s.alarms.active || s.alarms.unacked ? (
          <span class="tag bad-t">
            <span aria-hidden="true">▲</span> {tt('overview.alarmsValue', s.alarms)}
          </span>
        ) : (
          <span>
            <span aria-hidden="true">●</span> 0
          </span>
        )}
      </td>
      <td>
        <span class="num">{s.shots}</span>
        <div class="sub">
          <Quality q={s.last_shot?.quality} />
        </div>
      </td>
      <td>
        {ex
          ? ex.active
            ? loc(ex.title)
            : tt('overview.stoppedExercise', { id: loc(ex.title) })
          : tt('overview.noExercise')}
        {ex ? <div class="sub num">{duration(s.elapsed_s)}</div> : null}
      </td>
      <td>
        <span class="num">
          {s.since_onset_s === null ? tt('overview.notYet') : duration(s.since_onset_s)}
        </span>
        {trainer && s.faults?.length ? (
          <div class="sub">
            {s.faults.map((f) => (
              <div key={f.id}>
                {f.fault} {loc(f.name)} — {tt(`faults.states.${f.state}`)}
              </div>
            ))}
          </div>
        ) : null}
      </td>
      <td>
        {s.detection?.seconds != null
          ? tt('overview.detected', { t: duration(s.detection.seconds) })
          : ex
            ? tt('overview.notDetected')
            : tt('common.none')}
        <div class="sub">
          {s.diagnosis.versions
            ? tt('overview.diagVersion', { n: s.diagnosis.versions })
            : tt('overview.noDiag')}
        </div>
      </td>
      <td>
        {s.score ? (
          <span>
            <span aria-hidden="true">{VERDICT_ICON[s.score.verdict] ?? '•'}</span> {fmtNum(s.score.pct, 1)} %
            ({tt(`overview.verdict.${s.score.verdict}`)})
          </span>
        ) : (
          tt('common.none')
        )}
      </td>
      <td>
        <Link href={`${BASE}/watch?station=${s.station}`} class="small">
          {tt('overview.watch')} <span class="sr-only">{s.station}</span>
        </Link>
        <br />
        <Link href={`${BASE}/scores?station=${s.station}`} class="small">
          {tt('overview.scores')} <span class="sr-only">{s.station}</span>
        </Link>
      </td>
    </tr>
  );
}

export function OverviewView() {
  const trainer = tsession.value?.kind === 'trainer';
  const list = statuses.value;
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {tt('overview.title')}
      </h1>
      {!trainer ? <p class="warn">{tt('common.readOnly')}</p> : null}
      {statusError.value ? (
        <p class="error" role="alert">
          {tt('common.error', { message: statusError.value })}
        </p>
      ) : null}
      {statusAt.value ? <p class="hint">{tt('common.updated', { time: fmtTime(statusAt.value) })}</p> : null}
      <div class="table-wrap">
        <table class="group">
          <caption>{tt('overview.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{tt('overview.station')}</th>
              <th scope="col">{tt('overview.stateMode')}</th>
              <th scope="col">{tt('overview.alarms')}</th>
              <th scope="col">{tt('overview.shotsQuality')}</th>
              <th scope="col">{tt('overview.exerciseElapsed')}</th>
              <th scope="col">{trainer ? tt('overview.onsetFaults') : tt('overview.onset')}</th>
              <th scope="col">{tt('overview.detectionDiag')}</th>
              <th scope="col">{tt('overview.score')}</th>
              <th scope="col">
                <span class="sr-only">{tt('overview.links')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <Row key={s.station} s={s} trainer={trainer} />
            ))}
          </tbody>
        </table>
      </div>
      {!list.length && !statusError.value ? <p>{tt('common.loading')}</p> : null}
    </>
  );
}
