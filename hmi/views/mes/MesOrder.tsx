/**
 * MES — the active order (EUROMAP 77 job): name, status, nominal against good and bad parts, progress,
 * expected against measured cycle time, the open box, the machine ↔ MES reconciliation, the job commands
 * (StartJob, InterruptJob, FinishJob, StopAtCycleEnd), counts per cavity, scrap by defect class, and the
 * dispatch of a released manufacturing order to the machine (docs/mes.md "The EUROMAP 77 job interface").
 */
import { useState } from 'preact/hooks';
import { Dialog } from '../../src/components/Dialog.tsx';
import { t } from '../../src/i18n.ts';
import { type ActionArgs, erp, type MesOverview, mes } from '../../src/mes/api.ts';
import { code, dur, num, pct, tr, when } from '../../src/mes/format.ts';
import {
  Badge,
  Bar,
  Kpi,
  LevelNote,
  LoadState,
  OutcomeText,
  Section,
  type Tone,
  useAct,
  useLoad,
  useNeedsTechnician,
} from '../../src/mes/ui.tsx';

export const jobTone = (s: string): Tone =>
  s === 'JOB_IN_PRODUCTION'
    ? 'ok'
    : s === 'JOB_INTERRUPTED'
      ? 'warn'
      : s === 'JOB_FINISHED'
        ? 'neutral'
        : 'info';

type JobCommand = 'job.start' | 'job.interrupt' | 'job.finish' | 'job.stop_at_cycle_end';
const JOB_COMMANDS: readonly JobCommand[] = [
  'job.start',
  'job.interrupt',
  'job.finish',
  'job.stop_at_cycle_end',
];

function LiveState({ o }: { o: MesOverview }) {
  const l = o.live;
  const stop = l.stop;
  return (
    <dl class="kpis">
      <Kpi
        id="mes-live-state"
        label={t('mes.order.state')}
        value={code('mes.live', l.state)}
        sub={l.since ? t('mes.order.since', { time: when(l.since) }) : undefined}
      />
      {stop ? (
        <Kpi
          label={t('mes.order.stopReason')}
          value={tr(stop.reasonText, stop.reason)}
          sub={`${dur(stop.durationS)} — ${code('mes.source', stop.reasonSource)}`}
        />
      ) : null}
      <Kpi
        label={t('mes.order.mode')}
        value={code('mes.mode', l.machineMode)}
        sub={l.productionStatus ?? undefined}
      />
      <Kpi
        label={t('mes.order.autoRun')}
        value={l.automaticRunEnabled ? t('value.yes') : t('value.no')}
        sub={l.productionReleasedByMes ? t('mes.order.released') : t('mes.order.notReleased')}
      />
      <Kpi
        label={t('mes.order.oeeHour')}
        value={pct(o.oeeLastHour.oee)}
        sub={`${t('mes.oee.a')} ${pct(o.oeeLastHour.availability)} · ${t('mes.oee.p')} ${pct(o.oeeLastHour.performance)} · ${t('mes.oee.q')} ${pct(o.oeeLastHour.quality)}`}
      />
      {l.mesMessage ? <Kpi label={t('mes.order.message')} value={l.mesMessage} /> : null}
    </dl>
  );
}

function Job({ o, reload }: { o: MesOverview; reload: () => void }) {
  const j = o.job!;
  const a = useAct();
  const [confirm, setConfirm] = useState<JobCommand | null>(null);
  const orderOee = useLoad(() => mes.oee('order', 'clock'), [j.job]);
  const bucket = orderOee.data?.buckets.find((b) => b.job === j.job);
  const c = j.counters;
  const nominal = j.NominalParts;
  return (
    <>
      <p>
        <strong class="job-name">{j.JobName}</strong>{' '}
        <Badge tone={jobTone(j.status)}>{code('mes.status', j.status)}</Badge> —{' '}
        {j.ProductDescription || j.ProductName} ({j.CustomerName})
      </p>
      <dl class="kpis">
        <Kpi label={t('mes.order.nominal')} value={num(nominal)} sub={t('mes.order.parts')} />
        <Kpi
          id="mes-good"
          label={t('mes.order.good')}
          value={num(c.good)}
          sub={t('mes.order.goodNet', { n: num(j.goodNet) })}
        />
        <Kpi
          id="mes-bad"
          label={t('mes.order.bad')}
          value={num(c.bad)}
          sub={t('mes.order.startupTest', { s: c.startup, t: c.test })}
        />
        <Kpi
          label={t('mes.order.progress')}
          value={j.progressPct === null ? '—' : `${num(j.progressPct, 1)} %`}
          sub={`${num(j.goodNet)} / ${num(nominal)}`}
        />
        <Kpi
          label={t('mes.order.cycle')}
          value={bucket?.avgCycleS ? `${num(bucket.avgCycleS, 2)} s` : '—'}
          sub={t('mes.order.expected', { s: num(j.ExpectedCycleTime / 1000, 2) })}
        />
        <Kpi
          label={t('mes.order.oeeOrder')}
          value={pct(bucket?.oee)}
          sub={
            bucket
              ? `${t('mes.oee.a')} ${pct(bucket.availability)} · ${t('mes.oee.p')} ${pct(bucket.performance)} · ${t('mes.oee.q')} ${pct(bucket.quality)}`
              : undefined
          }
        />
      </dl>
      <div class="mes-grid">
        <div>
          <h3>{t('mes.order.jobData')}</h3>
          <dl class="fp-list">
            {(
              [
                ['order', j.order ?? '—'],
                ['customer', j.CustomerName],
                ['product', `${j.ProductName} — ${j.ProductDescription}`],
                ['material', j.Material],
                ['mould', `${j.MouldId} (${t('mes.order.cavities', { n: j.NumCavities })})`],
                ['dataset', `${j.ProductionDatasetName} — ${j.ProductionDatasetDescription}`],
                ['boxParts', num(j.NominalBoxParts)],
                ['continue', j.ContinueAtJobEnd ? t('value.yes') : t('value.no')],
                ['started', when(j.startedAt, true)],
                ['shots', j.firstShot === null ? '—' : `${j.firstShot} → ${j.lastShot}`],
              ] as const
            ).map(([k, v]) => (
              <div class="kv" key={k}>
                <dt>{t(`mes.order.field.${k}`)}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div>
          <h3>{t('mes.order.box')}</h3>
          {j.openBox ? (
            <p>
              <code class="key">{j.openBox.box}</code> —{' '}
              <Bar
                value={j.openBox.parts}
                max={j.openBox.capacity}
                text={t('mes.order.boxFill', { n: j.openBox.parts, cap: j.openBox.capacity })}
              />
            </p>
          ) : (
            <p>{t('mes.order.noBox')}</p>
          )}
          <h3>{t('mes.order.reconciliation')}</h3>
          {j.reconciliation ? (
            <div class="table-wrap">
              <table>
                <caption class="sr-only">{t('mes.order.reconciliation')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('mes.order.counter')}</th>
                    <th scope="col" class="num">
                      {t('mes.order.machine')}
                    </th>
                    <th scope="col" class="num">
                      MES
                    </th>
                    <th scope="col">{t('mes.order.match')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(['cycles', 'parts', 'good', 'bad'] as const).map((k) => {
                    const m = j.reconciliation!.machine[k];
                    const s = j.reconciliation!.mes[k];
                    return (
                      <tr key={k}>
                        <th scope="row">{t(`mes.order.counters.${k}`)}</th>
                        <td class="num">{num(m)}</td>
                        <td class="num">{num(s)}</td>
                        <td>
                          {m === s ? (
                            <Badge tone="ok">{t('mes.order.equal')}</Badge>
                          ) : (
                            <Badge tone="warn">{t('mes.order.diff', { n: s - m })}</Badge>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="hint">{t('mes.order.noReconciliation')}</p>
          )}
        </div>
      </div>
      <h3>{t('mes.order.commands')}</h3>
      <div class="buttons">
        {JOB_COMMANDS.map((cmd) => (
          <button type="button" key={cmd} onClick={() => setConfirm(cmd)}>
            {t(`mes.order.cmd.${cmd.replace('job.', '')}`)}
          </button>
        ))}
      </div>
      <OutcomeText o={a.outcome} />
      <Dialog
        open={!!confirm}
        title={confirm ? t(`mes.order.cmd.${confirm.replace('job.', '')}`) : ''}
        onClose={() => setConfirm(null)}
      >
        <p>{confirm ? t('mes.order.confirm', { job: j.JobName }) : ''}</p>
        <div class="buttons">
          <button
            type="button"
            class="primary"
            disabled={a.busy}
            onClick={async () => {
              const cmd = confirm!;
              setConfirm(null);
              const r = await a.run(
                cmd,
                {},
                t('mes.order.cmdDone', { cmd: t(`mes.order.cmd.${cmd.replace('job.', '')}`) }),
              );
              if (r.ok) reload();
            }}
          >
            {t('mes.confirm')}
          </button>
          <button type="button" onClick={() => setConfirm(null)}>
            {t('common.cancel')}
          </button>
        </div>
      </Dialog>
    </>
  );
}

function Cavities({ o }: { o: MesOverview }) {
  const c = o.job?.counters;
  if (!c) return null;
  return (
    <div class="table-wrap">
      <table id="mes-cavities">
        <caption>{t('mes.order.perCavity')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('mes.order.cavity')}</th>
            <th scope="col" class="num">
              {t('mes.order.good')}
            </th>
            <th scope="col" class="num">
              {t('mes.order.bad')}
            </th>
            <th scope="col" class="num">
              {t('mes.order.startup')}
            </th>
            <th scope="col" class="num">
              {t('mes.order.test')}
            </th>
            <th scope="col">{t('mes.order.badRate')}</th>
          </tr>
        </thead>
        <tbody>
          {c.byCavity.map((k, i) => {
            const total = k.good + k.bad;
            return (
              <tr key={i}>
                <th scope="row">{t('mes.order.cavityN', { n: i + 1 })}</th>
                <td class="num">{num(k.good)}</td>
                <td class="num">{num(k.bad)}</td>
                <td class="num">{num(k.startup)}</td>
                <td class="num">{num(k.test)}</td>
                <td>
                  <Bar value={k.bad} max={total} text={pct(total ? k.bad / total : null)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const WINDOWS = { h1: 3_600_000, h8: 8 * 3_600_000 } as const;

function Scrap() {
  const [win, setWin] = useState<keyof typeof WINDOWS | 'all'>('h8');
  const l = useLoad(() => (win === 'all' ? mes.scrap(0) : mes.scrap(undefined)).then((x) => x), [win], {
    live: true,
  });
  const s = l.data;
  const max = Math.max(1, ...(s?.pareto ?? []).map((p) => p.parts));
  return (
    <>
      <div class="toolbar">
        <label for="scrap-window">{t('mes.scrap.window')}</label>
        <select id="scrap-window" value={win} onChange={(e) => setWin(e.currentTarget.value as typeof win)}>
          <option value="h8">{t('mes.scrap.h8')}</option>
          <option value="all">{t('mes.scrap.all')}</option>
        </select>
      </div>
      <LoadState l={l} />
      {s ? (
        <>
          <p>
            {t('mes.scrap.summary', {
              scrap: num(s.scrap),
              parts: num(s.parts),
              rate: s.scrapRatePct === null ? '—' : `${num(s.scrapRatePct, 2)} %`,
            })}
          </p>
          {s.pareto.length ? (
            <div class="table-wrap">
              <table id="mes-scrap">
                <caption>{t('mes.scrap.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('mes.scrap.class')}</th>
                    <th scope="col" class="num">
                      {t('mes.scrap.parts')}
                    </th>
                    <th scope="col">{t('mes.scrap.share')}</th>
                    {Object.keys(s.byCavity)
                      .sort()
                      .map((k) => (
                        <th scope="col" class="num" key={k}>
                          {t('mes.order.cavityN', { n: k })}
                        </th>
                      ))}
                  </tr>
                </thead>
                <tbody>
                  {s.pareto.map((p) => (
                    <tr key={p.class}>
                      <th scope="row">
                        {code('mes.defect', p.class)} <code class="key">{p.class}</code>
                      </th>
                      <td class="num">{num(p.parts)}</td>
                      <td>
                        <Bar value={p.parts} max={max} text={`${num(p.sharePct, 1)} %`} />
                      </td>
                      {Object.keys(s.byCavity)
                        .sort()
                        .map((k) => (
                          <td class="num" key={k}>
                            {num(s.byCavity[k]?.[p.class] ?? 0)}
                          </td>
                        ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t('mes.scrap.none')}</p>
          )}
        </>
      ) : null}
    </>
  );
}

function Dispatch({ onDone }: { onDone: () => void }) {
  const l = useLoad(() => erp.orders(), []);
  const a = useAct();
  const [start, setStart] = useState(true);
  const needs = useNeedsTechnician('mes.dispatch_job');
  const list = (l.data?.orders ?? []).filter((o) => o.status === 'planned' || o.status === 'released');
  const run = async <A extends 'erp.release_order' | 'mes.dispatch_job'>(
    x: A,
    args: ActionArgs[A],
    done: string,
  ) => {
    const r = await a.run(x, args, done);
    if (r.ok) {
      l.reload();
      onDone();
    }
  };
  return (
    <>
      <LoadState l={l} empty={!!l.data && list.length === 0} />
      {list.length ? (
        <>
          <div class="check">
            <input
              id="dispatch-start"
              type="checkbox"
              checked={start}
              onChange={(e) => setStart(e.currentTarget.checked)}
            />
            <label for="dispatch-start">{t('mes.dispatch.start')}</label>
          </div>
          <div class="table-wrap">
            <table id="mes-dispatch">
              <caption>{t('mes.dispatch.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('mes.erp.order')}</th>
                  <th scope="col">{t('mes.erp.product')}</th>
                  <th scope="col" class="num">
                    {t('mes.erp.qty')}
                  </th>
                  <th scope="col">{t('mes.erp.due')}</th>
                  <th scope="col">{t('mes.erp.status')}</th>
                  <th scope="col">{t('mes.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">{o.id}</th>
                    <td>{o.product}</td>
                    <td class="num">{num(o.qty)}</td>
                    <td>{when(o.dueAtIso, true)}</td>
                    <td>{code('mes.orderStatus', o.status)}</td>
                    <td>
                      {o.status === 'planned' ? (
                        <button
                          type="button"
                          onClick={() =>
                            void run(
                              'erp.release_order',
                              { order: o.id },
                              t('mes.dispatch.releasedOk', { order: o.id }),
                            )
                          }
                        >
                          {t('mes.dispatch.release')}
                          <span class="sr-only"> {o.id}</span>
                        </button>
                      ) : null}{' '}
                      <button
                        type="button"
                        disabled={needs || a.busy}
                        onClick={() =>
                          void run(
                            'mes.dispatch_job',
                            { order: o.id, start },
                            t('mes.dispatch.sent', { order: o.id }),
                          )
                        }
                      >
                        {t('mes.dispatch.send')}
                        <span class="sr-only"> {o.id}</span>
                      </button>
                      <LevelNote action="mes.dispatch_job" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <OutcomeText o={a.outcome} />
    </>
  );
}

export function MesOrderTab() {
  const l = useLoad(() => mes.overview(), [], { live: true, everyMs: 10_000 });
  const o = l.data;
  return (
    <>
      <Section id="mes-job-title" title={t('mes.order.title')} onRefresh={l.reload}>
        <LoadState l={l} />
        {o ? <LiveState o={o} /> : null}
        {o?.job ? <Job o={o} reload={l.reload} /> : o ? <p>{t('mes.order.noJob')}</p> : null}
      </Section>
      <Section id="mes-cavity-title" title={t('mes.order.countsTitle')}>
        {o ? <Cavities o={o} /> : null}
      </Section>
      <Section id="mes-scrap-title" title={t('mes.scrap.title')}>
        <Scrap />
      </Section>
      <Section id="mes-dispatch-title" title={t('mes.dispatch.title')}>
        <p class="hint">{t('mes.dispatch.hint')}</p>
        <Dispatch onDone={l.reload} />
      </Section>
    </>
  );
}
