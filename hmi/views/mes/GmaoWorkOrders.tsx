/**
 * GMAO — work orders (docs/mes.md "GMAO"): open a corrective work order (equipment, symptom, priority,
 * breakdown, the MES stop it answers), follow it through its status workflow — the allowed next statuses
 * as buttons, any other status can be asked for and the station's refusal is shown with its reason — book
 * spare parts (stock checked) and labour time, and read its history.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../src/i18n.ts';
import { type GmaoWorkOrder, gmao, mes, type WorkOrderStatus } from '../../src/mes/api.ts';
import { code, dur, num, tr, when, whenSim } from '../../src/mes/format.ts';
import {
  Badge,
  LevelNote,
  LoadState,
  OutcomeText,
  Section,
  type Tone,
  useAct,
  useLoad,
  useNeedsTechnician,
} from '../../src/mes/ui.tsx';
import { query } from '../../src/router.tsx';

const STATUSES: readonly WorkOrderStatus[] = [
  'open',
  'assigned',
  'in_progress',
  'done',
  'closed',
  'cancelled',
];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export const woTone = (s: WorkOrderStatus): Tone =>
  s === 'open' ? 'warn' : s === 'assigned' || s === 'in_progress' ? 'info' : s === 'done' ? 'ok' : 'neutral';
const prioTone = (p: string): Tone => (p === 'urgent' ? 'alarm' : p === 'high' ? 'warn' : 'neutral');

function OpenForm({ onOpened }: { onOpened: (id: string) => void }) {
  const eq = useLoad(() => gmao.equipment(), []);
  const stops = useLoad(() => mes.downtime(false, 0), []);
  const [equipment, setEquipment] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<(typeof PRIORITIES)[number]>('normal');
  const [breakdown, setBreakdown] = useState(false);
  const [stop, setStop] = useState('');
  const [err, setErr] = useState('');
  const a = useAct();
  return (
    <form
      class="mes-form"
      id="wo-open-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!equipment || !title.trim()) return setErr(t('gmao.needEqTitle'));
        setErr('');
        const r = await a.run(
          'gmao.open_work_order',
          {
            equipment,
            title: title.trim(),
            description,
            priority,
            breakdown,
            ...(stop ? { downtime: Number(stop) } : {}),
          },
          (res) => t('gmao.opened', { id: (res as { id?: string })?.id ?? '—' }),
        );
        if (r.ok) {
          const id = (r.result as { id?: string } | undefined)?.id;
          setTitle('');
          setDescription('');
          if (id) onOpened(id);
        }
      }}
    >
      <div class="row">
        <div class="field">
          <label for="wo-eq">
            {t('gmao.equipment')} <span class="req">({t('form.required')})</span>
          </label>
          <select id="wo-eq" value={equipment} onChange={(e) => setEquipment(e.currentTarget.value)}>
            <option value="">—</option>
            {(eq.data ?? []).map((x) => (
              <option value={x.id} key={x.id}>
                {tr(x.name, x.id)} ({x.id})
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="wo-prio">{t('gmao.priority')}</label>
          <select
            id="wo-prio"
            value={priority}
            onChange={(e) => setPriority(e.currentTarget.value as typeof priority)}
          >
            {PRIORITIES.map((p) => (
              <option value={p} key={p}>
                {t(`gmao.prio.${p}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="field">
        <label for="wo-title">
          {t('gmao.symptom')} <span class="req">({t('form.required')})</span>
        </label>
        <input id="wo-title" value={title} maxLength={200} onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="wo-desc">{t('gmao.description')}</label>
        <textarea
          id="wo-desc"
          rows={2}
          maxLength={2000}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <div class="row">
        <span class="check">
          <input
            id="wo-breakdown"
            type="checkbox"
            checked={breakdown}
            onChange={(e) => setBreakdown(e.currentTarget.checked)}
          />
          <label for="wo-breakdown">{t('gmao.breakdown')}</label>
        </span>
        <div class="field">
          <label for="wo-stop">{t('gmao.linkedStop')}</label>
          <select id="wo-stop" value={stop} onChange={(e) => setStop(e.currentTarget.value)}>
            <option value="">—</option>
            {(stops.data?.stops ?? [])
              .filter((s) => s.kind === 'stop')
              .map((s) => (
                <option value={String(s.id)} key={s.id}>
                  {t('mes.downtime.stopN', { id: s.id })} — {when(s.start)} ({dur(s.durationS)}){' '}
                  {tr(s.reasonText, s.reason)}
                </option>
              ))}
          </select>
        </div>
      </div>
      {err ? (
        <p class="error" role="alert">
          <span aria-hidden="true">✗</span> {err}
        </p>
      ) : null}
      <div class="buttons">
        <button type="submit" class="primary" disabled={a.busy}>
          {t('gmao.open')}
        </button>
      </div>
      <OutcomeText o={a.outcome} />
    </form>
  );
}

function Detail({ w, onChange }: { w: GmaoWorkOrder; onChange: () => void }) {
  const spares = useLoad(() => gmao.spareParts(), [w.id, w.parts.length]);
  const a = useAct();
  const needs = useNeedsTechnician('gmao.update_work_order');
  const others = STATUSES.filter((s) => s !== w.status);
  const allowed = others.filter((s) => w.next.includes(s));
  const [status, setStatus] = useState<WorkOrderStatus | ''>('');
  const [assignee, setAssignee] = useState(w.assignee);
  const [cause, setCause] = useState(w.cause);
  const [remedy, setRemedy] = useState(w.remedy);
  const [comment, setComment] = useState('');
  const [part, setPart] = useState('');
  const [qty, setQty] = useState('1');
  const [hours, setHours] = useState('');
  const [tech, setTech] = useState('');
  useEffect(() => {
    setAssignee(w.assignee);
    setCause(w.cause);
    setRemedy(w.remedy);
  }, [w.id]);
  const move = async (to: WorkOrderStatus) => {
    const r = await a.run(
      'gmao.update_work_order',
      {
        id: w.id,
        status: to,
        ...(assignee !== w.assignee ? { assignee } : {}),
        ...(cause !== w.cause ? { cause } : {}),
        ...(remedy !== w.remedy ? { remedy } : {}),
        comment,
      },
      t('gmao.moved', { id: w.id, status: code('gmao.status', to) }),
    );
    if (r.ok) {
      setComment('');
      setStatus('');
      onChange();
    }
  };
  return (
    <section class="wo-detail" aria-labelledby="wo-detail-title" id="wo-detail">
      <h3 id="wo-detail-title">
        {w.id} — {w.title}
      </h3>
      <p>
        <Badge tone={woTone(w.status)}>{code('gmao.status', w.status)}</Badge> {code('gmao.kind', w.kind)} —{' '}
        {w.equipment} — <Badge tone={prioTone(w.priority)}>{t(`gmao.prio.${w.priority}`)}</Badge>
        {w.breakdown ? ` — ${t('gmao.breakdownShort')}` : ''}
      </p>
      <p class="hint">
        {t('gmao.createdBy', { by: w.createdBy, at: when(w.createdAtIso, true) })}
        {w.description ? ` — ${w.description}` : ''}
      </p>
      <p id="wo-next">
        {t('gmao.allowedNext')} :{' '}
        {w.next.length ? w.next.map((s) => code('gmao.status', s)).join(', ') : t('gmao.final')}
      </p>
      <OutcomeText o={a.outcome} />
      {w.next.length ? (
        <form
          class="mes-form"
          id="wo-update-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (status) void move(status);
          }}
        >
          <div class="row">
            <div class="field">
              <label for="wo-assignee">{t('gmao.assignee')}</label>
              <input
                id="wo-assignee"
                value={assignee}
                maxLength={64}
                onInput={(e) => setAssignee(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="wo-cause">{t('gmao.cause')}</label>
              <input
                id="wo-cause"
                value={cause}
                maxLength={1000}
                onInput={(e) => setCause(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="wo-remedy">{t('gmao.remedy')}</label>
              <input
                id="wo-remedy"
                value={remedy}
                maxLength={1000}
                onInput={(e) => setRemedy(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="wo-comment">{t('gmao.comment')}</label>
              <input
                id="wo-comment"
                value={comment}
                maxLength={1000}
                onInput={(e) => setComment(e.currentTarget.value)}
              />
            </div>
          </div>
          {allowed.length ? (
            <div class="buttons">
              {allowed.map((s) => (
                <button type="button" key={s} disabled={needs || a.busy} onClick={() => void move(s)}>
                  {t('gmao.moveTo', { status: code('gmao.status', s) })}
                </button>
              ))}
            </div>
          ) : null}
          {others.length ? (
            <div class="row">
              <div class="field">
                <label for="wo-status">{t('gmao.otherStatus')}</label>
                <select
                  id="wo-status"
                  value={status}
                  onChange={(e) => setStatus(e.currentTarget.value as WorkOrderStatus)}
                >
                  <option value="">—</option>
                  {others.map((s) => (
                    <option value={s} key={s}>
                      {code('gmao.status', s)}
                      {w.next.includes(s) ? ` (${t('gmao.allowed')})` : ` (${t('gmao.notInFlow')})`}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" disabled={needs || a.busy || !status}>
                {t('gmao.ask')}
              </button>
              <LevelNote action="gmao.update_work_order" />
            </div>
          ) : null}
        </form>
      ) : null}
      {w.status === 'assigned' || w.status === 'in_progress' ? (
        <div class="forms">
          <form
            class="mes-form"
            id="wo-parts-form"
            onSubmit={async (e) => {
              e.preventDefault();
              const q = Number(qty);
              if (!part || !Number.isInteger(q) || q < 1) return;
              const r = await a.run(
                'gmao.book_parts',
                { id: w.id, part, qty: q },
                t('gmao.partsBooked', { part, qty: q }),
              );
              if (r.ok) onChange();
            }}
          >
            <h4>{t('gmao.bookParts')}</h4>
            <div class="row">
              <div class="field">
                <label for="wo-part">{t('gmao.sparePart')}</label>
                <select id="wo-part" value={part} onChange={(e) => setPart(e.currentTarget.value)}>
                  <option value="">—</option>
                  {(spares.data ?? []).map((p) => (
                    <option value={p.id} key={p.id}>
                      {tr(p.name, p.id)} — {t('gmao.inStock', { n: p.stock })}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="wo-qty">{t('gmao.qty')}</label>
                <input
                  id="wo-qty"
                  inputMode="numeric"
                  size={4}
                  value={qty}
                  onInput={(e) => setQty(e.currentTarget.value)}
                />
              </div>
              <button type="submit" disabled={a.busy}>
                {t('gmao.book')}
              </button>
            </div>
          </form>
          <form
            class="mes-form"
            id="wo-time-form"
            onSubmit={async (e) => {
              e.preventDefault();
              const h = Number(hours.replace(',', '.'));
              if (!Number.isFinite(h) || h <= 0) return;
              const r = await a.run(
                'gmao.book_time',
                { id: w.id, hours: h, ...(tech ? { technician: tech } : {}), comment: '' },
                t('gmao.timeBooked', { h: num(h, 2) }),
              );
              if (r.ok) {
                setHours('');
                onChange();
              }
            }}
          >
            <h4>{t('gmao.bookTime')}</h4>
            <div class="row">
              <div class="field">
                <label for="wo-hours">{t('gmao.hours')}</label>
                <input
                  id="wo-hours"
                  inputMode="decimal"
                  size={5}
                  value={hours}
                  onInput={(e) => setHours(e.currentTarget.value)}
                />
              </div>
              <div class="field">
                <label for="wo-tech">{t('gmao.technician')}</label>
                <input
                  id="wo-tech"
                  value={tech}
                  maxLength={64}
                  onInput={(e) => setTech(e.currentTarget.value)}
                />
              </div>
              <button type="submit" disabled={a.busy}>
                {t('gmao.book')}
              </button>
            </div>
          </form>
        </div>
      ) : (
        <p class="hint">{t('gmao.bookWhen')}</p>
      )}
      <div class="mes-grid">
        <div class="table-wrap">
          <table id="wo-history">
            <caption>{t('gmao.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mes.quality.when')}</th>
                <th scope="col">{t('gmao.transition')}</th>
                <th scope="col">{t('mes.quality.by')}</th>
                <th scope="col">{t('gmao.comment')}</th>
              </tr>
            </thead>
            <tbody>
              {w.history.map((h, i) => (
                <tr key={i}>
                  <td>{whenSim(h.t, true)}</td>
                  <td>
                    {h.from ? code('gmao.status', h.from) : '—'} → {code('gmao.status', h.to)}
                  </td>
                  <td>{h.by}</td>
                  <td>{h.comment || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <p>
            {t('gmao.booked', { hours: num(w.hours, 2), cost: num(w.partsCost, 2) })}
            {w.cause ? ` — ${t('gmao.cause')} : ${w.cause}` : ''}
            {w.remedy ? ` — ${t('gmao.remedy')} : ${w.remedy}` : ''}
          </p>
          {w.parts.length ? (
            <ul>
              {w.parts.map((p, i) => (
                <li key={i}>
                  {whenSim(p.t)} : {p.part} × {p.qty} ({p.by})
                </li>
              ))}
            </ul>
          ) : null}
          {w.time.length ? (
            <ul>
              {w.time.map((x, i) => (
                <li key={i}>
                  {whenSim(x.t)} : {num(x.hours, 2)} h ({x.by})
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </section>
  );
}

export function GmaoWorkOrdersTab() {
  const l = useLoad(() => gmao.workOrders(), [], { everyMs: 15_000 });
  const [filter, setFilter] = useState<'active' | 'all'>('active');
  const [sel, setSel] = useState<string>(query.value.get('wo') ?? '');
  const list = (l.data ?? []).filter(
    (w) => filter === 'all' || (w.status !== 'closed' && w.status !== 'cancelled'),
  );
  const chosen = (l.data ?? []).find((w) => w.id === sel);
  return (
    <>
      <Section id="gmao-open-title" title={t('gmao.openTitle')}>
        <OpenForm
          onOpened={(id) => {
            setSel(id);
            l.reload();
          }}
        />
      </Section>
      <Section id="gmao-wo-title" title={t('gmao.listTitle')} onRefresh={l.reload}>
        <div class="toolbar">
          <label for="wo-filter">{t('gmao.filter')}</label>
          <select
            id="wo-filter"
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value as 'active' | 'all')}
          >
            <option value="active">{t('gmao.filterActive')}</option>
            <option value="all">{t('gmao.filterAll')}</option>
          </select>
        </div>
        <LoadState l={l} empty={!!l.data && list.length === 0} />
        {list.length ? (
          <div class="table-wrap">
            <table id="wo-list">
              <caption>{t('gmao.listCaption', { n: list.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">N°</th>
                  <th scope="col">{t('gmao.kindCol')}</th>
                  <th scope="col">{t('gmao.equipment')}</th>
                  <th scope="col">{t('gmao.symptom')}</th>
                  <th scope="col">{t('gmao.priority')}</th>
                  <th scope="col">{t('gmao.statusCol')}</th>
                  <th scope="col">{t('gmao.created')}</th>
                  <th scope="col">{t('gmao.assignee')}</th>
                  <th scope="col">{t('mes.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((w) => (
                  <tr key={w.id} class={w.id === sel ? 'selected' : ''} data-wo={w.id}>
                    <th scope="row">{w.id}</th>
                    <td>{code('gmao.kind', w.kind)}</td>
                    <td>{w.equipment}</td>
                    <td>{w.title}</td>
                    <td>
                      <Badge tone={prioTone(w.priority)}>{t(`gmao.prio.${w.priority}`)}</Badge>
                    </td>
                    <td>
                      <Badge tone={woTone(w.status)}>{code('gmao.status', w.status)}</Badge>
                    </td>
                    <td>{when(w.createdAtIso, true)}</td>
                    <td>{w.assignee || '—'}</td>
                    <td>
                      <button
                        type="button"
                        aria-pressed={w.id === sel}
                        onClick={() => setSel(w.id === sel ? '' : w.id)}
                      >
                        {t('gmao.follow')}
                        <span class="sr-only"> {w.id}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>
      {chosen ? <Detail key={chosen.id} w={chosen} onChange={l.reload} /> : null}
    </>
  );
}
