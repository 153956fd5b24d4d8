/**
 * Faceplates for every equipment, built from the signal model (`model/layout.ts`): barrel and hot-runner
 * zones with actual, set point and output bar; injection, clamp, hydraulics, cooling circuits, cavity
 * pressure, robot, vision, energy… as tables of actual / set / output with units, ranges, quality and
 * source time. Opening one is journaled (`view` faceplate + equipment).
 */
import type { WireSignalMeta } from '../../simulator/server/realtime/wire.ts';
import { Meter, Value } from '../src/components/Value.tsx';
import { decimalsOf } from '../src/format.ts';
import { fmtNum, fmtTime, loc, t } from '../src/i18n.ts';
import { absTime, keys, liveValue } from '../src/live.ts';
import { byFlow, equipmentLabel } from '../src/model/equipment.ts';
import { faceplate, type Row, type Section } from '../src/model/layout.ts';
import { Link } from '../src/router.tsx';

function Range({ m }: { m?: WireSignalMeta | undefined }) {
  if (!m?.range) return <>—</>;
  const d = decimalsOf(m);
  return (
    <>
      {fmtNum(m.range.min, Math.min(d, 1))} … {fmtNum(m.range.max, Math.min(d, 1))}
    </>
  );
}

function Src({ m }: { m: WireSignalMeta }) {
  const s = liveValue(m.key).value;
  return <span class="src">{s.ts ? fmtTime(absTime(s.ts)) : '—'}</span>;
}

/** A row is named by what its signals' labels share ("Zone 1 température", "Zone 1 consigne" → "Zone 1"). */
const rowLabel = (r: Row): string => {
  const all = [r.actual, r.set, r.output, ...r.extra].filter((m): m is WireSignalMeta => !!m);
  if (all.length === 0) return r.id;
  const words = all.map((m) => loc(m.label).split(' '));
  let n = 0;
  while (words.every((w) => n < w.length && w[n] === words[0]![n])) n++;
  const common = words[0]!
    .slice(0, n)
    .join(' ')
    .replace(/[\s:–—-]+$/, '');
  return all.length > 1 && common.length >= 3 ? common : loc(all[0]!.label);
};

/** A section's title: its kind, or for a group section the group's name from the dictionaries. */
function sectionTitle(s: Section): string {
  if (!s.group) return t(`section.${s.id}`);
  const k = `fpgroup.${s.group}`;
  const x = t(k);
  return x === k ? s.group.replaceAll('_', ' ').toUpperCase() : x;
}

function Cell({ m }: { m?: WireSignalMeta | undefined }) {
  return <td>{m ? <Value meta={m} /> : '—'}</td>;
}

function SectionTable({ s }: { s: Section }) {
  const zones = s.layout === 'zones';
  return (
    <div class="table-wrap">
      <table class="fp">
        <caption>{sectionTitle(s)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('faceplate.name')}</th>
            <th scope="col">{t('faceplate.actual')}</th>
            <th scope="col">{t('faceplate.set')}</th>
            <th scope="col">{zones ? t('faceplate.output') : t('faceplate.other')}</th>
            <th scope="col">{t('faceplate.range')}</th>
            <th scope="col">{t('faceplate.time')}</th>
          </tr>
        </thead>
        <tbody>
          {s.rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">{rowLabel(r)}</th>
              <Cell m={r.actual} />
              <td>
                {r.set ? (
                  <>
                    <Value meta={r.set} />{' '}
                    {r.set.writable ? (
                      <Link class="small" href={`/parameters?signal=${encodeURIComponent(r.set.key)}`}>
                        {t('faceplate.change')}
                        <span class="sr-only"> {loc(r.set.label)}</span>
                      </Link>
                    ) : null}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {r.output ? <Meter meta={r.output} /> : null}
                {r.extra.map((m) => (
                  <span class="extra" key={m.key}>
                    {loc(m.label)} : <Value meta={m} />
                  </span>
                ))}
                {!r.output && r.extra.length === 0 ? '—' : null}
              </td>
              <td>
                <Range m={r.actual ?? r.set ?? r.output} />
              </td>
              <td>{(r.actual ?? r.output ?? r.set) ? <Src m={(r.actual ?? r.output ?? r.set)!} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SectionList({ s }: { s: Section }) {
  const all = s.rows.flatMap((r) =>
    [r.actual, r.set, r.output, ...r.extra].filter((x): x is WireSignalMeta => !!x),
  );
  return (
    <section class="fp-list" aria-labelledby={`sec-${s.id.replace(':', '-')}`}>
      <h3 id={`sec-${s.id.replace(':', '-')}`}>{sectionTitle(s)}</h3>
      <dl>
        {all.map((m) => (
          <div class="kv" key={m.key}>
            <dt>{loc(m.label)}</dt>
            <dd>
              <Value meta={m} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function FaceplatesView({ equipment }: { equipment: string }) {
  const eqs = [...new Set(keys.value.map((k) => k.equipment))].sort(byFlow);
  const current = eqs.includes(equipment) ? equipment : '';
  const metas = keys.value.filter((k) => k.equipment === current);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {current ? `${t('faceplate.title')} — ${equipmentLabel(current)}` : t('faceplate.title')}
      </h1>
      <nav aria-label={t('faceplate.choose')} class="tabs">
        <ul>
          {eqs.map((e) => (
            <li key={e}>
              <Link href={`/faceplates/${encodeURIComponent(e)}`} current={e === current}>
                {equipmentLabel(e)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!current ? <p>{t('faceplate.pick')}</p> : null}
      {faceplate(metas).map((s) =>
        s.layout === 'list' ? <SectionList s={s} key={s.id} /> : <SectionTable s={s} key={s.id} />,
      )}
    </>
  );
}
