/**
 * MES — genealogy (traceability; docs/mes.md "Genealogy and quality decisions"):
 * - "which boxes contain parts moulded with lot X after alarm A / after time T?" with a result table, from
 *   which the parts can be put in quarantine or the answer cited in the diagnosis;
 * - backwards: part → shot → material lot (supplier, recycled-content certificate, CoA) → box → order →
 *   customer; forwards: lot → shots → boxes → orders; a shot or a box on its own.
 * Every lookup is journaled by the server with the candidate's identity (evidence of the investigation).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { announce } from '../../src/components/Announcer.tsx';
import { cite } from '../../src/draft.ts';
import { t } from '../../src/i18n.ts';
import {
  type BoxesAnswer,
  erp,
  type MesBox,
  type MesLot,
  type MesLotGenealogy,
  type MesPartGenealogy,
  type MesShot,
  mes,
  simOfLocal,
} from '../../src/mes/api.ts';
import { code, num, tr, when } from '../../src/mes/format.ts';
import { alarmChoices } from '../../src/mes/selection.tsx';
import { Badge, LoadState, Section, type Tone, useLoad } from '../../src/mes/ui.tsx';
import { navigate } from '../../src/router.tsx';

type Kind = 'part' | 'shot' | 'lot' | 'box';
type Go = (kind: Kind, id: string) => void;

const boxTone = (q: string): Tone =>
  q === 'quarantined' ? 'alarm' : q === 'partially_scrapped' ? 'warn' : 'ok';

/** A material lot: supplier, recycled-content certificate and certificate of analysis. */
export function LotCard({ lot, go }: { lot: MesLot; go?: Go }) {
  if (!lot.known)
    return (
      <p>
        {lot.id} — {t('mes.gen.unknownLot')}
      </p>
    );
  const spec = lot.mfiSpec;
  return (
    <dl class="fp-list lot-card">
      <div class="kv">
        <dt>{t('mes.gen.lot')}</dt>
        <dd>
          {go ? (
            <button type="button" class="small" onClick={() => go('lot', lot.id)}>
              {lot.id}
            </button>
          ) : (
            lot.id
          )}{' '}
          — {tr(lot.itemName, lot.item)}
        </dd>
      </div>
      <div class="kv">
        <dt>{t('mes.erp.supplier')}</dt>
        <dd>
          {lot.supplier && 'name' in lot.supplier ? lot.supplier.name : lot.supplier.id}
          {lot.supplier && 'certification' in lot.supplier && lot.supplier.certification
            ? ` (${lot.supplier.certification})`
            : ''}
        </dd>
      </div>
      <div class="kv">
        <dt>{t('mes.erp.certificate')}</dt>
        <dd>
          {lot.certificate
            ? t('mes.erp.certText', {
                id: lot.certificate.id,
                scheme: lot.certificate.scheme,
                pct: num(lot.certificate.recycledPct),
                post: num(lot.certificate.postConsumerPct),
                pre: num(lot.certificate.preConsumerPct),
                until: lot.certificate.validUntil,
              })
            : t('mes.erp.noCertificate')}
        </dd>
      </div>
      <div class="kv">
        <dt>{t('mes.erp.coa')}</dt>
        <dd>
          {lot.coa ? (
            <>
              {t('mes.erp.mfi')} {num(lot.coa.mfi, 1)}
              {spec ? ` (${t('mes.erp.spec')} ${num(spec.min, 1)}–${num(spec.max, 1)})` : ''}
              {lot.coa.moisturePct !== null
                ? ` · ${t('mes.erp.moisture')} ${num(lot.coa.moisturePct, 2)} %`
                : ''}{' '}
              {lot.coaInSpec === false ? (
                <Badge tone="alarm">{t('mes.erp.outOfSpec')}</Badge>
              ) : lot.coaInSpec ? (
                <Badge tone="ok">{t('mes.erp.inSpec')}</Badge>
              ) : null}
            </>
          ) : (
            '—'
          )}
        </dd>
      </div>
      <div class="kv">
        <dt>{t('mes.erp.status')}</dt>
        <dd>{code('mes.lotStatus', lot.status)}</dd>
      </div>
    </dl>
  );
}

function BoxRow({ b, go, extra }: { b: MesBox; go: Go; extra?: ComponentChildren }) {
  return (
    <tr>
      <th scope="row">
        <button type="button" class="small" onClick={() => go('box', b.box)}>
          {b.box}
        </button>
      </th>
      <td>{b.order?.order ?? '—'}</td>
      <td>{b.order?.customer?.name ?? '—'}</td>
      <td>{code('mes.gen.boxStatus', b.status)}</td>
      <td>
        <Badge tone={boxTone(b.quality)}>{code('mes.gen.boxQuality', b.quality)}</Badge>
      </td>
      <td class="num">
        {num(b.parts)} / {num(b.capacity)}
      </td>
      {extra}
      <td>{b.lots.join(', ')}</td>
    </tr>
  );
}

// ---- boxes with lot X after alarm / time ---------------------------------------------------------------

type After = 'alarm' | 'time' | 'none';

function BoxesQuery({ go }: { go: Go }) {
  const lots = useLoad(() => erp.lots(), []);
  const alarms = useLoad(() => mes.alarmLog(), []);
  const [lot, setLot] = useState('');
  const [after, setAfter] = useState<After>('alarm');
  const [alarm, setAlarm] = useState('');
  const [occurrence, setOccurrence] = useState<'last' | 'first'>('last');
  const [afterTime, setAfterTime] = useState('');
  const [before, setBefore] = useState('');
  const [res, setRes] = useState<BoxesAnswer | null>(null);
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  const resins = (lots.data ?? []).filter((l) => l.kind === 'resin');
  const choices = alarmChoices(alarms.data);
  const run = async () => {
    setErr('');
    if (after === 'alarm' && !alarm) return setErr(t('mes.select.needAlarm'));
    if (after === 'time' && !afterTime) return setErr(t('mes.select.needTime'));
    setBusy(true);
    try {
      const r = await mes.boxesWith({
        ...(lot ? { lot } : {}),
        ...(after === 'alarm' ? { afterAlarm: alarm, occurrence } : {}),
        ...(after === 'time' ? { after: simOfLocal(afterTime) } : {}),
        ...(before ? { before: simOfLocal(before) } : {}),
      });
      setRes(r);
      announce(t('mes.gen.found', { n: r.boxes.length }));
    } catch (e) {
      setRes(null);
      setErr(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const quarantineLink = () => {
    if (!res) return;
    const q = new URLSearchParams();
    if (after === 'alarm' && res.alarm) q.set('afterAlarm', res.alarm.alarm);
    else q.set('boxes', res.boxes.map((b) => b.box).join(','));
    if (lot) q.set('lot', lot);
    navigate(`/mes/quality?${q}`);
  };
  return (
    <>
      <form
        class="mes-form"
        id="boxes-query"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div class="row">
          <div class="field">
            <label for="gq-lot">{t('mes.gen.lotX')}</label>
            <select id="gq-lot" value={lot} onChange={(e) => setLot(e.currentTarget.value)}>
              <option value="">{t('mes.gen.anyLot')}</option>
              {resins.map((l) => (
                <option value={l.id} key={l.id}>
                  {l.id} — {l.supplier && 'name' in l.supplier ? l.supplier.name : ''}
                  {l.coaInSpec === false ? ` (${t('mes.erp.outOfSpec')})` : ''}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset class="field">
          <legend>{t('mes.gen.after')}</legend>
          {(['alarm', 'time', 'none'] as const).map((m) => (
            <span class="check" key={m}>
              <input
                type="radio"
                id={`gq-after-${m}`}
                name="gq-after"
                checked={after === m}
                onChange={() => setAfter(m)}
              />
              <label for={`gq-after-${m}`}>{t(`mes.gen.afterMode.${m}`)}</label>
            </span>
          ))}
          {after === 'alarm' ? (
            <div class="row">
              <div class="field">
                <label for="gq-alarm">{t('mes.select.alarm')}</label>
                <select id="gq-alarm" value={alarm} onChange={(e) => setAlarm(e.currentTarget.value)}>
                  <option value="">—</option>
                  {choices.map((c) => (
                    <option value={c.key} key={c.key}>
                      {c.key} — {c.text}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="gq-occ">{t('mes.gen.occurrence')}</label>
                <select
                  id="gq-occ"
                  value={occurrence}
                  onChange={(e) => setOccurrence(e.currentTarget.value as 'last' | 'first')}
                >
                  <option value="last">{t('mes.gen.occLast')}</option>
                  <option value="first">{t('mes.gen.occFirst')}</option>
                </select>
              </div>
            </div>
          ) : null}
          {after === 'time' ? (
            <div class="field">
              <label for="gq-time">{t('mes.gen.afterTime')}</label>
              <input
                id="gq-time"
                type="datetime-local"
                step={1}
                value={afterTime}
                onInput={(e) => setAfterTime(e.currentTarget.value)}
              />
            </div>
          ) : null}
        </fieldset>
        <div class="field">
          <label for="gq-before">{t('mes.gen.before')}</label>
          <input
            id="gq-before"
            type="datetime-local"
            step={1}
            value={before}
            onInput={(e) => setBefore(e.currentTarget.value)}
          />
        </div>
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy}>
            {t('mes.gen.search')}
          </button>
        </div>
        {err ? (
          <p class="error" role="alert">
            <span aria-hidden="true">✗</span> {err}
          </p>
        ) : null}
      </form>
      {res ? (
        <div id="boxes-answer">
          <p role="status">
            {t('mes.gen.answer', {
              parts: num(res.parts),
              lot: res.lot ? res.lot.id : t('mes.gen.anyLot'),
              after: res.alarm
                ? t('mes.gen.afterAlarmText', { alarm: res.alarm.alarm, time: when(res.alarm.activatedAt) })
                : res.after
                  ? t('mes.gen.afterTimeText', { time: when(res.after) })
                  : t('mes.gen.sinceStart'),
              boxes: res.boxes.length,
              loose: num(res.partsNotBoxed),
            })}
          </p>
          {Object.keys(res.dispositions).length ? (
            <p class="hint">
              {Object.entries(res.dispositions)
                .map(([k, v]) => `${code('mes.disposition', k)} : ${num(v)}`)
                .join(' · ')}
            </p>
          ) : null}
          {res.lot ? <LotCard lot={res.lot} go={go} /> : null}
          {res.boxes.length ? (
            <div class="table-wrap">
              <table id="boxes-result">
                <caption>{t('mes.gen.boxesCaption', { n: res.boxes.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('mes.gen.box')}</th>
                    <th scope="col">{t('mes.erp.order')}</th>
                    <th scope="col">{t('mes.erp.customer')}</th>
                    <th scope="col">{t('mes.gen.boxStatusCol')}</th>
                    <th scope="col">{t('mes.gen.quality')}</th>
                    <th scope="col" class="num">
                      {t('mes.gen.partsInBox')}
                    </th>
                    <th scope="col" class="num">
                      {t('mes.gen.matching')}
                    </th>
                    <th scope="col">{t('mes.gen.matchingShots')}</th>
                    <th scope="col">{t('mes.gen.lots')}</th>
                  </tr>
                </thead>
                <tbody>
                  {res.boxes.map((b) => (
                    <BoxRow
                      key={b.box}
                      b={b}
                      go={go}
                      extra={
                        <>
                          <td class="num">{num(b.matchingParts)}</td>
                          <td>
                            {b.matchingShots[0]} → {b.matchingShots[1]}
                          </td>
                        </>
                      }
                    />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <div class="buttons">
            {res.boxes.length ? (
              <button type="button" onClick={quarantineLink}>
                {t('mes.gen.toQuarantine')}
              </button>
            ) : null}
            <button
              type="button"
              onClick={() => {
                const n = cite([
                  {
                    kind: 'observation',
                    ref: `mes/genealogy/boxes${res.lot ? ` lot ${res.lot.id}` : ''}${res.alarm ? ` after ${res.alarm.alarm}` : ''}`.slice(
                      0,
                      200,
                    ),
                    ...(res.afterT !== null ? { from: Date.parse(res.after!) } : {}),
                    note: t('mes.gen.citeNote', {
                      n: res.boxes.length,
                      boxes: res.boxes.map((b) => b.box).join(', '),
                      parts: res.parts,
                    }).slice(0, 500),
                  },
                ]);
                announce(t('mes.cited', { n }));
              }}
            >
              {t('mes.cite')}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}

// ---- trace ---------------------------------------------------------------------------------------------

function PartTrace({ p, go }: { p: MesPartGenealogy; go: Go }) {
  return (
    <ol class="chain" aria-label={t('mes.gen.chain')}>
      <li>
        <h3>{t('mes.gen.part', { id: p.part })}</h3>
        <p>
          {t('mes.order.cavityN', { n: p.cavity })} —{' '}
          <Badge tone={p.quality === 'good' ? 'ok' : 'alarm'}>{code('mes.gen.partQuality', p.quality)}</Badge>
        </p>
        <p>
          {code('mes.disposition', p.disposition)}
          {p.defects.length ? ` — ${p.defects.map((d) => code('mes.defect', d)).join(', ')}` : ''}
          {p.quarantine ? ` — ${t('mes.gen.inQuarantine', { id: p.quarantine.id })}` : ''}
        </p>
        <p>
          {t('mes.gen.weight')} {num(p.weight, 3)} g · {t('mes.gen.dimension')} {num(p.dimension, 3)} mm
        </p>
      </li>
      <li>
        <h3>
          <button type="button" class="small" onClick={() => go('shot', String(p.shot.shot))}>
            {t('mes.gen.shot', { id: p.shot.shot })}
          </button>
        </h3>
        <p>{when(p.shot.at, true)}</p>
        {p.shot.startup ? <p>{t('mes.gen.startupShot')}</p> : null}
        {p.shot.alarms.length ? <p>{t('mes.gen.alarmsDuring', { list: p.shot.alarms.join(', ') })}</p> : null}
      </li>
      <li>
        <h3>{t('mes.gen.material')}</h3>
        <LotCard lot={p.lot} go={go} />
        {p.lotPrevious ? <p>{t('mes.gen.lotPrevious', { lot: p.lotPrevious.id })}</p> : null}
        <p>
          {t('mes.gen.regrind', { pct: num(p.regrindPct, 1) })} ·{' '}
          {t('mes.gen.recycled', { pct: num(p.recycledContentPct, 1) })}
        </p>
      </li>
      <li>
        <h3>{t('mes.gen.box')}</h3>
        {p.box ? (
          <p>
            <button type="button" class="small" onClick={() => go('box', p.box!.box)}>
              {p.box.box}
            </button>{' '}
            <Badge tone={boxTone(p.box.quality)}>{code('mes.gen.boxQuality', p.box.quality)}</Badge>
          </p>
        ) : (
          <p>{t('mes.gen.noBox')}</p>
        )}
      </li>
      <li>
        <h3>{t('mes.erp.order')}</h3>
        {p.order ? (
          <p>
            {p.order.order} ({code('mes.orderStatus', p.order.status)}) — {p.order.customerOrder ?? '—'} —{' '}
            {p.order.customer?.name ?? '—'}
          </p>
        ) : (
          <p>—</p>
        )}
      </li>
    </ol>
  );
}

function ShotTrace({ s, go }: { s: MesShot; go: Go }) {
  return (
    <>
      <p>
        {t('mes.gen.shot', { id: s.shot })} — {when(s.at, true)} —{' '}
        {t('mes.gen.cycleTime', { s: num(s.cycleTimeS, 2) })} —{' '}
        {s.order ? `${s.order.order} (${s.order.customer?.name ?? '—'})` : '—'}
        {s.startup ? ` — ${t('mes.gen.startupShot')}` : ''}
        {s.test ? ` — ${t('mes.gen.testShot')}` : ''}
      </p>
      <LotCard lot={s.lot} go={go} />
      {s.lotPrevious ? <p>{t('mes.gen.lotPrevious', { lot: s.lotPrevious.id })}</p> : null}
      <p>
        {t('mes.gen.regrind', { pct: num(s.regrindPct, 1) })} ·{' '}
        {t('mes.gen.recycled', { pct: num(s.recycledContentPct, 1) })}
        {s.alarms.length ? ` · ${t('mes.gen.alarmsDuring', { list: s.alarms.join(', ') })}` : ''}
      </p>
      <div class="table-wrap">
        <table>
          <caption>{t('mes.gen.partsOfShot')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mes.gen.partCol')}</th>
              <th scope="col">{t('mes.gen.quality')}</th>
              <th scope="col">{t('mes.gen.dispositionCol')}</th>
              <th scope="col">{t('mes.gen.box')}</th>
            </tr>
          </thead>
          <tbody>
            {s.parts.map((p) => (
              <tr key={p.part}>
                <th scope="row">
                  <button type="button" class="small" onClick={() => go('part', p.part)}>
                    {p.part}
                  </button>
                </th>
                <td>
                  <Badge tone={p.quality === 'good' ? 'ok' : 'alarm'}>
                    {code('mes.gen.partQuality', p.quality)}
                  </Badge>
                  {p.defects.length ? ` ${p.defects.map((d) => code('mes.defect', d)).join(', ')}` : ''}
                </td>
                <td>{code('mes.disposition', p.disposition)}</td>
                <td>
                  {p.box ? (
                    <button type="button" class="small" onClick={() => go('box', p.box!)}>
                      {p.box}
                    </button>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details>
        <summary>{t('mes.gen.values')}</summary>
        <ul>
          {Object.entries(s.values).map(([k, v]) => (
            <li key={k}>
              <code class="key">{k}</code> {num(v, 3)}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

function LotTrace({ g, go }: { g: MesLotGenealogy; go: Go }) {
  return (
    <>
      <LotCard lot={g.lot} />
      <p>
        {t('mes.gen.lotForward', {
          shots: num(g.shots),
          parts: num(g.parts),
          ranges: g.shotRanges.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ') || '—',
          first: when(g.firstMoulded),
          last: when(g.lastMoulded),
          onHand: num(g.onHand, 1),
        })}
      </p>
      {g.boxes.length ? (
        <div class="table-wrap">
          <table>
            <caption>{t('mes.gen.lotBoxes', { n: g.boxes.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mes.gen.box')}</th>
                <th scope="col">{t('mes.erp.order')}</th>
                <th scope="col">{t('mes.erp.customer')}</th>
                <th scope="col">{t('mes.gen.boxStatusCol')}</th>
                <th scope="col">{t('mes.gen.quality')}</th>
                <th scope="col" class="num">
                  {t('mes.gen.partsInBox')}
                </th>
                <th scope="col" class="num">
                  {t('mes.gen.fromLot')}
                </th>
                <th scope="col">{t('mes.gen.lots')}</th>
              </tr>
            </thead>
            <tbody>
              {g.boxes.map((b) =>
                'parts' in b ? (
                  <BoxRow
                    key={b.box}
                    b={b as MesBox}
                    go={go}
                    extra={<td class="num">{num(b.partsFromLot)}</td>}
                  />
                ) : null,
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        {t('mes.gen.orders')} :{' '}
        {g.orders
          .filter((o) => o !== null)
          .map((o) => `${o!.order} (${o!.customer?.name ?? '—'})`)
          .join(', ') || '—'}
      </p>
      {g.changes.length ? (
        <ul>
          {g.changes.map((c) => (
            <li key={c.id}>
              {when(c.at, true)} : {c.from} → {c.to} ({t('mes.gen.firstShot', { n: c.shot ?? '—' })}, {c.by})
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function BoxTrace({ b, go }: { b: MesBox; go: Go }) {
  return (
    <>
      <p>
        {b.box} — {b.order?.order ?? '—'} ({b.order?.customer?.name ?? '—'}) —{' '}
        {code('mes.gen.boxStatus', b.status)}{' '}
        <Badge tone={boxTone(b.quality)}>{code('mes.gen.boxQuality', b.quality)}</Badge>
      </p>
      <p>
        {t('mes.gen.boxText', {
          parts: num(b.parts),
          cap: num(b.capacity),
          good: num(b.good),
          held: num(b.quarantined),
          scrapped: num(b.scrapped),
          first: b.firstShot,
          last: b.lastShot,
          opened: when(b.openedAt, true),
          closed: b.closedAt ? when(b.closedAt, true) : '—',
        })}
      </p>
      <p>
        {t('mes.gen.lots')} :{' '}
        {b.lots.map((l, i) => (
          <span key={l}>
            {i ? ', ' : ''}
            <button type="button" class="small" onClick={() => go('lot', l)}>
              {l}
            </button>
          </span>
        ))}
      </p>
    </>
  );
}

function Trace({ q, go }: { q: { kind: Kind; id: string } | null; go: Go }) {
  const l = useLoad<
    | { kind: 'part'; v: MesPartGenealogy }
    | { kind: 'shot'; v: MesShot }
    | { kind: 'lot'; v: MesLotGenealogy }
    | { kind: 'box'; v: MesBox }
    | null
  >(async () => {
    if (!q) return null;
    switch (q.kind) {
      case 'part':
        return { kind: 'part', v: await mes.part(q.id) };
      case 'shot':
        return { kind: 'shot', v: await mes.shot(Number(q.id)) };
      case 'lot':
        return { kind: 'lot', v: await mes.lot(q.id) };
      case 'box':
        return { kind: 'box', v: await mes.box(q.id) };
    }
  }, [q?.kind, q?.id]);
  if (!q) return null;
  const r = l.data;
  return (
    <div id="trace-result" aria-live="polite">
      <LoadState l={l} />
      {r && !l.error ? (
        r.kind === 'part' ? (
          <PartTrace p={r.v} go={go} />
        ) : r.kind === 'shot' ? (
          <ShotTrace s={r.v} go={go} />
        ) : r.kind === 'lot' ? (
          <LotTrace g={r.v} go={go} />
        ) : (
          <BoxTrace b={r.v} go={go} />
        )
      ) : null}
    </div>
  );
}

export function MesGenealogyTab() {
  const [kind, setKind] = useState<Kind>('part');
  const [id, setId] = useState('');
  const [q, setQ] = useState<{ kind: Kind; id: string } | null>(null);
  const go: Go = (k, x) => {
    setKind(k);
    setId(x);
    setQ({ kind: k, id: x });
    document.getElementById('mes-trace-title')?.scrollIntoView?.({ block: 'start' });
  };
  return (
    <>
      <Section id="mes-boxes-title" title={t('mes.gen.boxesTitle')}>
        <p class="hint">{t('mes.gen.boxesHint')}</p>
        <BoxesQuery go={go} />
      </Section>
      <Section id="mes-trace-title" title={t('mes.gen.traceTitle')}>
        <form
          class="mes-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (id.trim()) setQ({ kind, id: id.trim() });
          }}
        >
          <div class="row">
            <div class="field">
              <label for="trace-kind">{t('mes.gen.traceKind')}</label>
              <select id="trace-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
                {(['part', 'shot', 'lot', 'box'] as const).map((k) => (
                  <option value={k} key={k}>
                    {t(`mes.gen.kind.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="trace-id">{t('mes.gen.traceId')}</label>
              <input
                id="trace-id"
                value={id}
                placeholder={t(`mes.gen.placeholder.${kind}`)}
                onInput={(e) => setId(e.currentTarget.value)}
              />
            </div>
            <button type="submit">{t('mes.gen.trace')}</button>
          </div>
        </form>
        <Trace q={q} go={go} />
      </Section>
    </>
  );
}
