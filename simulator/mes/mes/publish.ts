/**
 * The MES's signals: the EUROMAP 77 job-interface values it may write (those it declared, and the machine's
 * that are not the machine's own values), and the KPI signals recomputed every minute.
 */
import { partId, round } from '../common.ts';
import { JOB_STATUS } from '../types.ts';
import { stopById } from './downtime.ts';
import type { MesModel } from './mes-model.ts';
import { oeeWindow } from './oee-window.ts';
import { reasonById } from './reasons.ts';

/** KPI signals: rolling-hour and session OEE, scrap rate, order progress, quarantined parts. */
export function publishKpis(mes: MesModel, now: number): void {
  const set = (id: string, v: number | null) => {
    const h = mes.kpi.get(id);
    if (h !== undefined) mes.store.set(h, v === null ? 0 : round(100 * v, 2));
  };
  const hour = oeeWindow(mes.s, Math.max(0, now - 3_600_000), now, now);
  const all = oeeWindow(mes.s, 0, now, now);
  set('kpi.oee', hour.oee);
  set('kpi.availability', hour.availability);
  set('kpi.performance', hour.performanceRaw);
  set('kpi.quality', hour.quality);
  set('kpi.oee_session', all.oee);
  set('kpi.scrap_rate', hour.parts ? (hour.rejected + hour.startup + hour.scrapped) / hour.parts : null);
  const j = mes.s.job;
  set(
    'kpi.order_progress',
    j && j.data.NominalParts > 0 ? (j.counters.boxed - j.counters.scrapped) / j.data.NominalParts : null,
  );
  let held = 0;
  for (const b of mes.s.boxes) held += b.held;
  const h = mes.kpi.get('kpi.quarantined_parts');
  if (h !== undefined) mes.store.set(h, held);
}

/** Write the job-interface signals the MES may write. */
export function publishJobInterface(mes: MesModel): void {
  mes.dirty = false;
  const j = mes.s.job;
  const st = mes.store;
  const put = (id: string, v: string | number | boolean) => {
    const e = mes.el.get(id);
    if (!e?.writable) return;
    const sig = e.signal;
    if (sig.type === 'string') st.setStr(sig.index, String(v));
    else if (typeof v === 'boolean') st.setBool(sig.index, v);
    else if (typeof v === 'number') st.set(sig.index, v);
  };
  const d = j?.data;
  put('job.name', d?.JobName ?? '');
  put('job.description', d?.JobDescription ?? '');
  put('job.customer', d?.CustomerName ?? '');
  put('job.material', d?.Material ?? '');
  put('job.product', d?.ProductName ?? '');
  put('job.product_description', d?.ProductDescription ?? '');
  put('job.dataset', d?.ProductionDatasetName ?? '');
  put('job.dataset_description', d?.ProductionDatasetDescription ?? '');
  put('job.continue_at_end', d?.ContinueAtJobEnd ?? false);
  put('job.nominal_parts', d?.NominalParts ?? 0);
  put('job.nominal_box_parts', d?.NominalBoxParts ?? 0);
  put('job.expected_cycle_time', d?.ExpectedCycleTime ?? 0);
  put('job.mould_id', d?.MouldId ?? '');
  if (d) put('job.num_cavities', d.NumCavities);
  put('job.status', JOB_STATUS.indexOf(j?.status ?? 'OTHER'));
  put('job.lot', mes.s.currentLot);
  const c = j?.counters;
  put('job.cycle_counter', c?.cycles ?? 0);
  put('job.parts_counter', c?.parts ?? 0);
  put('job.good_parts', c?.good ?? 0);
  put('job.bad_parts', c?.bad ?? 0);
  put('job.test_samples', c?.test ?? 0);
  const b = j?.openBox ? mes.box(j.openBox) : undefined;
  put('box.id', b?.id ?? '');
  put('box.parts', b?.count ?? 0);
  put('box.good_parts', b ? b.count - b.held - b.scrapped : 0);
  const last = mes.s.shots[mes.s.shots.length - 1];
  put(
    'job.last_part_id',
    last && last.job === j?.id ? partId(last.id, last.cav[last.cav.length - 1]?.k ?? 1) : '',
  );
  put('status.message', mes.s.mesMessage);
  const open = mes.s.openStop !== null ? stopById(mes.s, mes.s.openStop) : undefined;
  const reason = open ? reasonById(open.reasonId) : undefined;
  put('status.standstill_reason', open ? open.reasonId : 0);
  put('status.standstill_message', reason ? reason.text.en : '');
  put('status.automatic_run_enabled', mes.s.automaticRun);
  put('status.released_by_mes', mes.s.releasedByMes);
}
