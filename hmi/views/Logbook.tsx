/**
 * Logbook of parameter changes (EUROMAP 77 logbook; domain-model §5.2 I, F23): who, when, old, new,
 * channel and reason of every accepted write on the station, from the journal, with live additions.
 */
import { useEffect, useState } from 'preact/hooks';
import type { WireLogbookEntry } from '../../simulator/server/realtime/wire.ts';
import { getLogbook } from '../src/api.ts';
import { formatValue } from '../src/format.ts';
import { fmtTime, loc, t } from '../src/i18n.ts';
import { absTime, logbook, metaOf, resyncs } from '../src/live.ts';

export function LogbookView() {
  const [past, setPast] = useState<WireLogbookEntry[]>([]);
  const [err, setErr] = useState(false);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    getLogbook()
      .then((x) => {
        setPast(x);
        setErr(false);
      })
      .catch(() => setErr(true));
  }, [resyncs.value]);
  const seen = new Set(past.map((e) => e.seq));
  const all = [...past, ...logbook.value.filter((e) => !seen.has(e.seq))].sort((a, b) => b.seq - a.seq);
  const f = filter.trim().toLowerCase();
  const shown = all.filter(
    (e) => !f || `${e.signal} ${loc(metaOf(e.signal)?.label)} ${e.user}`.toLowerCase().includes(f),
  );
  const val = (key: string, v: WireLogbookEntry['old']) => {
    const m = metaOf(key);
    return m
      ? `${formatValue(m, v)}${m.unit && m.type !== 'enum' && m.type !== 'bool' ? ` ${m.unit}` : ''}`
      : String(v ?? '—');
  };
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('logbook.title')}
      </h1>
      <label for="logbook-filter">{t('logbook.filter')}</label>{' '}
      <input
        id="logbook-filter"
        type="search"
        value={filter}
        onInput={(e) => setFilter(e.currentTarget.value)}
      />
      {err ? <p class="error">{t('common.loadError')}</p> : null}
      {shown.length ? (
        <div class="table-wrap">
          <table class="logbook">
            <caption>{t('logbook.caption', { n: shown.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('logbook.when')}</th>
                <th scope="col">{t('logbook.who')}</th>
                <th scope="col">{t('logbook.channel')}</th>
                <th scope="col">{t('logbook.parameter')}</th>
                <th scope="col">{t('logbook.old')}</th>
                <th scope="col">{t('logbook.new')}</th>
                <th scope="col">{t('logbook.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.seq}>
                  <td>{fmtTime(absTime(e.t), true)}</td>
                  <td>
                    {e.user}
                    {e.client ? <span class="hint"> ({e.client})</span> : null}
                  </td>
                  <td>
                    {t(`channel.${e.channel}`) === `channel.${e.channel}`
                      ? e.channel
                      : t(`channel.${e.channel}`)}
                  </td>
                  <td>
                    {loc(metaOf(e.signal)?.label, e.signal)} <code class="key">{e.signal}</code>
                  </td>
                  <td>{val(e.signal, e.old)}</td>
                  <td>{val(e.signal, e.new)}</td>
                  <td>{e.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('logbook.none')}</p>
      )}
    </>
  );
}
