/**
 * Alarms and events: current alarms with their state in words and icons (active / cleared ×
 * acknowledged or not; ISA-18.2), acknowledgement through the command API (journaled), the recent
 * history, and the station's discrete events.
 */
import { useEffect, useState } from 'preact/hooks';
import type { WireAlarm, WireEvent } from '../../simulator/server/realtime/wire.ts';
import { getAlarms, getEvents } from '../src/api.ts';
import { announce } from '../src/components/Announcer.tsx';
import { fmtTime, loc, t } from '../src/i18n.ts';
import { absTime, alarms, commandId, events, resyncs, send } from '../src/live.ts';
import { equipmentLabel } from '../src/model/equipment.ts';

const SEV_ICON: Record<string, string> = { critical: '◆', alarm: '■', warning: '▲', info: 'ℹ' };

export function stateText(a: WireAlarm): string {
  return t(`alarms.state.${a.active ? 'active' : 'cleared'}_${a.acked ? 'acked' : 'unacked'}`);
}

async function ack(a: WireAlarm) {
  const r = await send('alarm.ack', { equipment: a.equipment, code: a.code, id: commandId() });
  if (r.ok) announce(t('alarms.acked', { code: a.code }));
  else announce(`${t('common.refused')} ${r.message || t(`error.${r.error}`)}`, true);
}

function AlarmTable({ list, history = false }: { list: readonly WireAlarm[]; history?: boolean }) {
  return (
    <div class="table-wrap">
      <table class="alarms">
        <thead>
          <tr>
            <th scope="col">{t('alarms.time')}</th>
            <th scope="col">{t('alarms.severity')}</th>
            <th scope="col">{t('alarms.state.title')}</th>
            <th scope="col">{t('alarms.equipment')}</th>
            <th scope="col">{t('alarms.text')}</th>
            <th scope="col">{history ? t('alarms.ackedBy') : t('alarms.action')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((a) => (
            <tr key={`${a.id}-${a.code}`} class={`sev-${a.severity}${a.acked ? '' : ' unacked'}`}>
              <td>{fmtTime(absTime(a.raisedAt))}</td>
              <td>
                <span aria-hidden="true">{SEV_ICON[a.severity]}</span> {t(`severity.${a.severity}`)}
              </td>
              <td>{stateText(a)}</td>
              <td>{equipmentLabel(a.equipment)}</td>
              <td>
                <code>{a.code}</code> {loc(a.text)}
              </td>
              <td>
                {history || a.acked ? (
                  a.ackedBy ? (
                    `${a.ackedBy}${a.ackedAt !== undefined ? ` (${fmtTime(absTime(a.ackedAt))})` : ''}`
                  ) : (
                    '—'
                  )
                ) : (
                  <button type="button" onClick={() => void ack(a)}>
                    {t('alarms.ack')}
                    <span class="sr-only"> {a.code}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AlarmsView() {
  const [history, setHistory] = useState<WireAlarm[]>([]);
  const [past, setPast] = useState<WireEvent[]>([]);
  useEffect(() => {
    getAlarms()
      .then((r) => setHistory(r.history))
      .catch(() => {});
    getEvents()
      .then(setPast)
      .catch(() => {});
  }, [resyncs.value, alarms.value.length]);
  const list = alarms.value;
  const unacked = list.filter((a) => !a.acked);
  const evs = [...past, ...events.value.filter((e) => !past.some((p) => p.t === e.t && p.type === e.type))]
    .sort((a, b) => b.t - a.t)
    .slice(0, 100);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('alarms.title')}
      </h1>
      <section aria-labelledby="current-title">
        <h2 id="current-title">{t('alarms.current', { n: list.length })}</h2>
        {unacked.length > 1 ? (
          <button
            type="button"
            onClick={async () => {
              for (const a of unacked) await ack(a);
            }}
          >
            {t('alarms.ackAll', { n: unacked.length })}
          </button>
        ) : null}
        {list.length ? <AlarmTable list={list} /> : <p>{t('alarms.none')}</p>}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('alarms.history')}</h2>
        {history.length ? (
          <AlarmTable list={[...history].reverse()} history />
        ) : (
          <p>{t('alarms.noHistory')}</p>
        )}
      </section>
      <section aria-labelledby="events-title">
        <h2 id="events-title">{t('alarms.events')}</h2>
        {evs.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('alarms.time')}</th>
                  <th scope="col">{t('alarms.equipment')}</th>
                  <th scope="col">{t('alarms.event')}</th>
                  <th scope="col">{t('alarms.details')}</th>
                </tr>
              </thead>
              <tbody>
                {evs.map((e, i) => (
                  <tr key={`${e.t}-${e.type}-${i}`}>
                    <td>{fmtTime(absTime(e.t))}</td>
                    <td>{equipmentLabel(e.equipment)}</td>
                    <td>{e.type.replaceAll('_', ' ')}</td>
                    <td>
                      {e.data
                        ? Object.entries(e.data)
                            .map(([k, v]) => `${k}: ${String(v)}`)
                            .join(', ')
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('alarms.noEvents')}</p>
        )}
      </section>
    </>
  );
}
