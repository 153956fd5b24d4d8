/**
 * MES — downtime: the stops the MES saw (automatic standstill reason with the alarm or event it rests on,
 * or the operator's), totals by reason with their NF E60-182 category, micro-stops, and the operator's
 * entry of a standstill reason for a stop (`mes.record_downtime`), or of a declared interval such as a break.
 */
import { useState } from 'preact/hooks';
import { Dialog } from '../../src/components/Dialog.tsx';
import { t } from '../../src/i18n.ts';
import { simT } from '../../src/live.ts';
import {
  localOfSim,
  type MesDowntime,
  type MesStandstillReasons,
  mes,
  simOfLocal,
} from '../../src/mes/api.ts';
import { code, dur, num, tr, when } from '../../src/mes/format.ts';
import { Badge, LoadState, OutcomeText, Section, type Tone, useAct, useLoad } from '../../src/mes/ui.tsx';

type Stop = MesDowntime['stops'][number];
const CATEGORIES = ['closure', 'planned', 'breakdown', 'unplanned'] as const;
export const categoryTone = (c: string): Tone =>
  c === 'breakdown' || c === 'unplanned' ? 'warn' : 'neutral';

/** A standstill reason picker grouped by NF E60-182 category. */
function ReasonSelect(props: {
  id: string;
  reasons: MesStandstillReasons;
  value: number;
  onChange: (id: number) => void;
  only?: readonly string[];
}) {
  return (
    <select
      id={props.id}
      value={String(props.value)}
      onChange={(e) => props.onChange(Number(e.currentTarget.value))}
    >
      <option value="0">—</option>
      {CATEGORIES.filter((c) => !props.only || props.only.includes(c)).map((c) => (
        <optgroup label={t(`mes.category.${c}`)} key={c}>
          {props.reasons
            .filter((r) => r.category === c && r.code !== 'UNKNOWN')
            .map((r) => (
              <option value={String(r.id)} key={r.id}>
                {tr(r.text, r.code)} ({r.id})
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

function Qualify(props: {
  stop: Stop;
  reasons: MesStandstillReasons;
  a: ReturnType<typeof useAct>;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState(props.stop.reasonSource === 'operator' ? props.stop.reasonId : 0);
  const [comment, setComment] = useState(props.stop.comment);
  const [err, setErr] = useState('');
  const a = props.a;
  return (
    <form
      class="mes-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!reason) {
          setErr(t('mes.downtime.pickReason'));
          return;
        }
        setErr('');
        const r = await a.run(
          'mes.record_downtime',
          { reasonId: reason, stop: props.stop.id, comment },
          t('mes.downtime.qualified', { id: props.stop.id }),
        );
        if (r.ok) props.onDone();
      }}
    >
      <p>
        {t('mes.downtime.stopN', { id: props.stop.id })} : {when(props.stop.start)} –{' '}
        {props.stop.end ? when(props.stop.end) : t('mes.downtime.ongoing')} ({dur(props.stop.durationS)}) —{' '}
        {t('mes.downtime.auto')} {tr(props.stop.reasonText, props.stop.reason)}
        {props.stop.evidence ? ` (${props.stop.evidence})` : ''}
      </p>
      <div class="field">
        <label for="dt-reason">{t('mes.downtime.reason')}</label>
        <ReasonSelect id="dt-reason" reasons={props.reasons} value={reason} onChange={setReason} />
      </div>
      <div class="field">
        <label for="dt-comment">{t('mes.downtime.comment')}</label>
        <input
          id="dt-comment"
          value={comment}
          maxLength={300}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </div>
      {err ? (
        <p class="error" role="alert">
          <span aria-hidden="true">✗</span> {err}
        </p>
      ) : null}
      <OutcomeText o={a.outcome} />
      <div class="buttons">
        <button type="submit" class="primary" disabled={a.busy}>
          {t('mes.downtime.save')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function Declare({ reasons, onDone }: { reasons: MesStandstillReasons; onDone: () => void }) {
  const now = simT.value;
  const [from, setFrom] = useState(() => localOfSim(Math.max(0, now - 15 * 60_000)));
  const [to, setTo] = useState(() => localOfSim(now));
  const [reason, setReason] = useState(10);
  const [comment, setComment] = useState('');
  const a = useAct();
  return (
    <form
      class="mes-form"
      aria-labelledby="declare-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = simOfLocal(from);
        const x = simOfLocal(to);
        if (f === undefined || x === undefined || !reason) return;
        const r = await a.run(
          'mes.record_downtime',
          { reasonId: reason, from: Math.round(f), to: Math.round(x), comment },
          t('mes.downtime.declared'),
        );
        if (r.ok) onDone();
      }}
    >
      <h3 id="declare-title">{t('mes.downtime.declareTitle')}</h3>
      <div class="row">
        <div class="field">
          <label for="decl-from">{t('mes.from')}</label>
          <input
            id="decl-from"
            type="datetime-local"
            step={1}
            value={from}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="decl-to">{t('mes.to')}</label>
          <input
            id="decl-to"
            type="datetime-local"
            step={1}
            value={to}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="decl-reason">{t('mes.downtime.reason')}</label>
          <ReasonSelect
            id="decl-reason"
            reasons={reasons}
            value={reason}
            onChange={setReason}
            only={['closure', 'planned']}
          />
        </div>
        <div class="field">
          <label for="decl-comment">{t('mes.downtime.comment')}</label>
          <input
            id="decl-comment"
            value={comment}
            maxLength={300}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
        </div>
      </div>
      <div class="buttons">
        <button type="submit" disabled={a.busy}>
          {t('mes.downtime.declare')}
        </button>
      </div>
      <OutcomeText o={a.outcome} />
    </form>
  );
}

export function MesDowntimeTab() {
  const [micro, setMicro] = useState(false);
  const [all, setAll] = useState(true);
  const l = useLoad(() => mes.downtime(micro, all ? 0 : undefined), [micro, all], {
    live: true,
    everyMs: 10_000,
  });
  const reasons = useLoad(() => mes.reasons(), []);
  const [open, setOpen] = useState<Stop | null>(null);
  const qa = useAct();
  const d = l.data;
  const unq = new Set(d?.unqualified ?? []);
  return (
    <>
      <Section id="mes-downtime-title" title={t('mes.downtime.title')} onRefresh={l.reload}>
        <div class="toolbar">
          <span class="check">
            <input
              id="dt-micro"
              type="checkbox"
              checked={micro}
              onChange={(e) => setMicro(e.currentTarget.checked)}
            />
            <label for="dt-micro">{t('mes.downtime.withMicro')}</label>
          </span>
          <span class="check">
            <input
              id="dt-all"
              type="checkbox"
              checked={all}
              onChange={(e) => setAll(e.currentTarget.checked)}
            />
            <label for="dt-all">{t('mes.downtime.sinceStart')}</label>
          </span>
        </div>
        <LoadState l={l} />
        {d ? (
          <>
            {!open ? <OutcomeText o={qa.outcome} /> : null}
            <p>
              {t('mes.downtime.summary', {
                n: d.stops.filter((s) => s.kind !== 'micro').length,
                micro: d.microStops.count,
                microS: dur(d.microStops.seconds),
              })}{' '}
              {unq.size ? <Badge tone="warn">{t('mes.downtime.unqualified', { n: unq.size })}</Badge> : null}
            </p>
            {d.stops.length ? (
              <div class="table-wrap">
                <table id="mes-stops">
                  <caption>{t('mes.downtime.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">N°</th>
                      <th scope="col">{t('mes.downtime.start')}</th>
                      <th scope="col">{t('mes.downtime.end')}</th>
                      <th scope="col" class="num">
                        {t('mes.downtime.duration')}
                      </th>
                      <th scope="col">{t('mes.downtime.reason')}</th>
                      <th scope="col">{t('mes.downtime.category')}</th>
                      <th scope="col">{t('mes.downtime.source')}</th>
                      <th scope="col">{t('mes.downtime.evidenceCol')}</th>
                      <th scope="col">{t('mes.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...d.stops].reverse().map((s) => (
                      <tr key={s.id} data-stop={s.id}>
                        <th scope="row">{s.id}</th>
                        <td>{when(s.start, true)}</td>
                        <td>
                          {s.end ? when(s.end) : <Badge tone="alarm">{t('mes.downtime.ongoing')}</Badge>}
                        </td>
                        <td class="num">{dur(s.durationS)}</td>
                        <td>
                          {tr(s.reasonText, s.reason)} <code class="key">{s.reasonId}</code>
                          {unq.has(s.id) ? (
                            <>
                              {' '}
                              <Badge tone="warn">{t('mes.downtime.toQualify')}</Badge>
                            </>
                          ) : null}
                          {s.comment ? <div class="hint">« {s.comment} »</div> : null}
                        </td>
                        <td>
                          <Badge tone={categoryTone(s.category)}>{code('mes.category', s.category)}</Badge>
                          {s.kind !== 'stop' ? (
                            <div class="hint">{code('mes.downtime.kind', s.kind)}</div>
                          ) : null}
                        </td>
                        <td>
                          {code('mes.source', s.reasonSource)}
                          {s.reasonSource === 'operator' ? <div class="hint">{s.by}</div> : null}
                        </td>
                        <td>{s.evidence || '—'}</td>
                        <td>
                          {s.kind !== 'micro' ? (
                            <button
                              type="button"
                              onClick={() => {
                                qa.clear();
                                setOpen(s);
                              }}
                            >
                              {t('mes.downtime.qualify')}
                              <span class="sr-only"> {t('mes.downtime.stopN', { id: s.id })}</span>
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t('mes.downtime.none')}</p>
            )}
            {d.byReason.length ? (
              <div class="table-wrap">
                <table>
                  <caption>{t('mes.downtime.byReason')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('mes.downtime.reason')}</th>
                      <th scope="col">{t('mes.downtime.category')}</th>
                      <th scope="col" class="num">
                        {t('mes.oee.count')}
                      </th>
                      <th scope="col" class="num">
                        {t('mes.downtime.duration')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.byReason.map((r) => (
                      <tr key={r.reason}>
                        <th scope="row">
                          {tr(reasons.data?.find((x) => x.code === r.reason)?.text, r.reason)}{' '}
                          <code class="key">{r.reason}</code>
                        </th>
                        <td>{code('mes.category', r.category)}</td>
                        <td class="num">{num(r.count)}</td>
                        <td class="num">{dur(r.seconds)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </>
        ) : null}
      </Section>
      {reasons.data ? (
        <Section id="mes-declare-title" title={t('mes.downtime.declareSection')}>
          <Declare reasons={reasons.data} onDone={l.reload} />
        </Section>
      ) : null}
      <Dialog
        open={!!open && !!reasons.data}
        title={open ? t('mes.downtime.qualifyTitle', { id: open.id }) : ''}
        onClose={() => setOpen(null)}
      >
        {open && reasons.data ? (
          <Qualify
            stop={open}
            reasons={reasons.data}
            a={qa}
            onCancel={() => setOpen(null)}
            onDone={() => {
              setOpen(null);
              l.reload();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
