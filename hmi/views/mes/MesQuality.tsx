/**
 * MES — quarantine and release decisions on suspect parts (ACT_QUARANTINE, ACT_RELEASE, ACT_SCRAP;
 * docs/mes.md "Genealogy and quality decisions"): hold the parts of a selection (since an alarm, a shot
 * range, a time window, boxes, one lot) — optionally every new part until released — then release or scrap
 * what a decision holds. The boxes holding quarantined parts are listed with their counts.
 */
import { useState } from 'preact/hooks';
import { Dialog } from '../../src/components/Dialog.tsx';
import { t } from '../../src/i18n.ts';
import { erp, type MesQuarantine, mes } from '../../src/mes/api.ts';
import { code, num, when } from '../../src/mes/format.ts';
import {
  emptySelection,
  SelectionFields,
  type SelectionState,
  selectorText,
  toSelector,
} from '../../src/mes/selection.tsx';
import { Badge, LoadState, OutcomeText, Section, useAct, useLoad } from '../../src/mes/ui.tsx';
import { query } from '../../src/router.tsx';

type Decision = MesQuarantine['decisions'][number];

/** Initial selection from the link of the genealogy screen (`?afterAlarm=…&lot=…` or `?boxes=…`). */
function fromQuery(): SelectionState {
  const q = query.value;
  const boxes = q.get('boxes');
  if (boxes) return emptySelection({ mode: 'boxes', boxes, lot: q.get('lot') ?? '' });
  return emptySelection({ alarm: q.get('afterAlarm') ?? '', lot: q.get('lot') ?? '' });
}

function QuarantineForm({ onDone }: { onDone: () => void }) {
  const [sel, setSel] = useState<SelectionState>(fromQuery);
  const [ongoing, setOngoing] = useState(false);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState('');
  const alarms = useLoad(() => mes.alarmLog(), []);
  const lots = useLoad(() => erp.lots(), []);
  const a = useAct();
  return (
    <form
      class="mes-form"
      id="quarantine-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const s = toSelector(sel);
        if (typeof s === 'string') return setErr(s);
        if (!reason.trim()) return setErr(t('mes.quality.needReason'));
        setErr('');
        const r = await a.run('mes.quarantine', { select: s, ongoing, reason: reason.trim() }, (res) => {
          const x = (res ?? {}) as { decision?: number; parts?: number; boxes?: string[] };
          return t('mes.quality.quarantined', {
            id: x.decision ?? '—',
            n: x.parts ?? 0,
            boxes: x.boxes?.join(', ') || '—',
          });
        });
        if (r.ok) onDone();
      }}
    >
      <SelectionFields
        id="q-sel"
        value={sel}
        onChange={setSel}
        alarms={alarms.data}
        lots={(lots.data ?? []).filter((l) => l.kind === 'resin').map((l) => l.id)}
      />
      <div class="check">
        <input
          id="q-ongoing"
          type="checkbox"
          checked={ongoing}
          onChange={(e) => setOngoing(e.currentTarget.checked)}
        />
        <label for="q-ongoing">{t('mes.quality.ongoing')}</label>
      </div>
      <div class="field">
        <label for="q-reason">
          {t('mes.quality.reason')} <span class="req">({t('form.required')})</span>
        </label>
        <input
          id="q-reason"
          value={reason}
          maxLength={300}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </div>
      {err ? (
        <p class="error" role="alert">
          <span aria-hidden="true">✗</span> {err}
        </p>
      ) : null}
      <div class="buttons">
        <button type="submit" class="primary" disabled={a.busy}>
          {t('mes.quality.quarantine')}
        </button>
      </div>
      <OutcomeText o={a.outcome} />
    </form>
  );
}

const decisionTone = (d: Decision) =>
  d.kind === 'quarantine' ? (d.closedAt === null ? 'alarm' : 'neutral') : d.kind === 'scrap' ? 'warn' : 'ok';

export function MesQualityTab() {
  const l = useLoad(() => mes.quarantine(), [], { live: true, everyMs: 15_000 });
  const a = useAct();
  const [pending, setPending] = useState<{ d: Decision; kind: 'release' | 'scrap' } | null>(null);
  const [reason, setReason] = useState('');
  const q = l.data;
  return (
    <>
      <Section id="mes-quarantine-title" title={t('mes.quality.title')}>
        <p class="hint">{t('mes.quality.hint')}</p>
        <QuarantineForm onDone={l.reload} />
      </Section>
      <Section id="mes-decisions-title" title={t('mes.quality.decisions')} onRefresh={l.reload}>
        <LoadState l={l} />
        <OutcomeText o={a.outcome} />
        {q ? (
          <>
            <p>
              {t('mes.quality.held', { n: num(q.heldParts), boxes: q.boxes.length })}{' '}
              {q.heldParts > 0 ? (
                <Badge tone="alarm">{t('mes.quality.onHold')}</Badge>
              ) : (
                <Badge tone="ok">{t('mes.quality.noneHeld')}</Badge>
              )}
            </p>
            {q.decisions.length ? (
              <div class="table-wrap">
                <table id="mes-decisions">
                  <caption>{t('mes.quality.decisionsCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">N°</th>
                      <th scope="col">{t('mes.quality.when')}</th>
                      <th scope="col">{t('mes.quality.kind')}</th>
                      <th scope="col">{t('mes.quality.selection')}</th>
                      <th scope="col" class="num">
                        {t('mes.quality.parts')}
                      </th>
                      <th scope="col">{t('mes.quality.boxes')}</th>
                      <th scope="col">{t('mes.quality.reason')}</th>
                      <th scope="col">{t('mes.quality.by')}</th>
                      <th scope="col">{t('mes.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...q.decisions].reverse().map((d) => (
                      <tr key={d.id} data-decision={d.id}>
                        <th scope="row">{d.id}</th>
                        <td>{when(d.at, true)}</td>
                        <td>
                          <Badge tone={decisionTone(d)}>{code('mes.decision', d.kind)}</Badge>
                          {d.kind === 'quarantine' ? (
                            <div class="hint">
                              {d.closedAt === null
                                ? d.open
                                  ? t('mes.quality.openOngoing')
                                  : t('mes.quality.holding')
                                : t('mes.quality.closedAt', { time: when(d.closedAtIso) })}
                            </div>
                          ) : d.of ? (
                            <div class="hint">{t('mes.quality.ofDecision', { id: d.of })}</div>
                          ) : null}
                        </td>
                        <td>{selectorText(d.selector as Parameters<typeof selectorText>[0])}</td>
                        <td class="num">{num(d.parts)}</td>
                        <td>{d.boxes.join(', ') || '—'}</td>
                        <td>{d.reason}</td>
                        <td>{d.by}</td>
                        <td>
                          {d.kind === 'quarantine' && d.closedAt === null ? (
                            <>
                              <button
                                type="button"
                                onClick={() => {
                                  setReason('');
                                  setPending({ d, kind: 'release' });
                                }}
                              >
                                {t('mes.quality.release')}
                                <span class="sr-only"> {t('mes.quality.decisionN', { id: d.id })}</span>
                              </button>{' '}
                              <button
                                type="button"
                                onClick={() => {
                                  setReason('');
                                  setPending({ d, kind: 'scrap' });
                                }}
                              >
                                {t('mes.quality.scrap')}
                                <span class="sr-only"> {t('mes.quality.decisionN', { id: d.id })}</span>
                              </button>
                            </>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t('mes.quality.noDecision')}</p>
            )}
            {q.boxes.length ? (
              <div class="table-wrap">
                <table id="mes-held-boxes">
                  <caption>{t('mes.quality.heldBoxes')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('mes.gen.box')}</th>
                      <th scope="col">{t('mes.erp.order')}</th>
                      <th scope="col" class="num">
                        {t('mes.gen.partsInBox')}
                      </th>
                      <th scope="col" class="num">
                        {t('mes.gen.quarantined')}
                      </th>
                      <th scope="col" class="num">
                        {t('mes.gen.scrapped')}
                      </th>
                      <th scope="col">{t('mes.gen.lots')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.boxes.map((b) => (
                      <tr key={b.box}>
                        <th scope="row">{b.box}</th>
                        <td>{b.order?.order ?? '—'}</td>
                        <td class="num">{num(b.parts)}</td>
                        <td class="num">{num(b.quarantined)}</td>
                        <td class="num">{num(b.scrapped)}</td>
                        <td>{b.lots.join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </>
        ) : null}
      </Section>
      <Dialog
        open={!!pending}
        title={pending ? t(`mes.quality.${pending.kind}Title`, { id: pending.d.id }) : ''}
        onClose={() => setPending(null)}
      >
        {pending ? (
          <form
            class="mes-form"
            onSubmit={async (e) => {
              e.preventDefault();
              if (!reason.trim()) return;
              const p = pending;
              setPending(null);
              const args = { decision: p.d.id, reason: reason.trim() };
              const r =
                p.kind === 'release'
                  ? await a.run('mes.release', args, t('mes.quality.released', { id: p.d.id }))
                  : await a.run('mes.scrap', args, t('mes.quality.scrapped', { id: p.d.id }));
              if (r.ok) l.reload();
            }}
          >
            <p>
              {t('mes.quality.decisionParts', {
                n: pending.d.parts,
                sel: selectorText(pending.d.selector as Parameters<typeof selectorText>[0]),
              })}
            </p>
            <div class="field">
              <label for="decision-reason">
                {t('mes.quality.reason')} <span class="req">({t('form.required')})</span>
              </label>
              <input
                id="decision-reason"
                required
                value={reason}
                maxLength={300}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            </div>
            <div class="buttons">
              <button type="submit" class="primary">
                {t(`mes.quality.${pending.kind}`)}
              </button>
              <button type="button" onClick={() => setPending(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </>
  );
}
