/**
 * Named actions of the MES (DESIGN.md principle 3): the EUROMAP 77 job-interface methods, whose names are
 * the contract with the OPC UA adapter (`simulator/adapters/opcua/methods.ts`), and the MES operations
 * (dispatch, downtime qualification, quality decisions, lot change, SPC limits). Each checks its
 * precondition at the tick boundary, so a refused action changes nothing.
 */
import type { z } from 'zod';
import type { ActionContext } from '../../kernel/actions.ts';
import type { BindContext } from '../../kernel/model.ts';
import type { Role } from '../../kernel/signal-schema.ts';
import { authorOf, msOf } from '../common.ts';
import { coaInSpec } from '../erp/seed.ts';
import {
  DispatchJobArgs,
  LotChangeArgs,
  MessageArgs,
  NoArgs,
  QuarantineArgs,
  RecordDowntimeArgs,
  ReleaseArgs,
  ScrapArgs,
  SetCyclicJobDataArgs,
  SpcClearArgs,
  SpcLimitsArgs,
  TestSampleArgs,
} from '../schemas.ts';
import { MAX_RULE_WINDOW, subgroupsOf } from '../spc.ts';
import type { CyclicJobData, Localized, QualitySelector } from '../types.ts';
import type { MesModel } from './mes-model.ts';
import {
  countHoldable,
  heldBy,
  lastShots,
  newDecision,
  quarantine,
  release,
  resolveSelector,
  scrap,
  selectParts,
} from './quality.ts';
import { reasonById } from './reasons.ts';
import { chartKey, limitsOf, seriesOf, specOf } from './spc-charts.ts';
import { spcVariable } from './spc-vars.ts';

const JOB_ROLES: Role[] = ['operator', 'technician', 'trainer', 'mes'];
const OPS: Role[] = ['operator', 'technician', 'trainer'];
const TECH: Role[] = ['technician', 'trainer'];

export function registerMesActions(mes: MesModel, ctx: BindContext): void {
  const reg = <A>(def: {
    name: string;
    label: Localized;
    group: string;
    roles: Role[];
    args: z.ZodType<A>;
    check?: (a: A, c: ActionContext) => string | null;
    apply: (a: A, c: ActionContext) => unknown;
  }) => ctx.registerAction(def);

  const inProduction = () => mes.producingJob() !== null;

  // ---------------------------------------------------------------------------- EUROMAP 77 job interface
  reg({
    name: 'job.set_cyclic_job_data',
    label: { fr: 'Transmettre un job (SetCyclicJobData)', en: 'Send a job (SetCyclicJobData)' },
    group: 'mes',
    roles: JOB_ROLES,
    args: SetCyclicJobDataArgs,
    check: (a) => {
      if (inProduction())
        return `job ${mes.s.job!.data.JobName} is in production: interrupt or finish it first`;
      const mo = mes.erp.order(a.JobName);
      if (mo && mo.status !== 'released' && mo.status !== 'in_progress')
        return `order ${mo.id} is ${mo.status}: release it in the ERP first`;
      return null;
    },
    apply: (a, c) => {
      const p =
        mes.erp.product(a.ProductName) ?? (mes.erp.order(a.JobName) ? mes.productOf(null) : undefined);
      const data: CyclicJobData = {
        JobName: a.JobName,
        JobDescription: a.JobDescription,
        CustomerName: a.CustomerName,
        Material: a.Material,
        ProductName: a.ProductName,
        ProductDescription: a.ProductDescription,
        ProductionDatasetName: a.ProductionDatasetName,
        ProductionDatasetDescription: a.ProductionDatasetDescription,
        ContinueAtJobEnd: a.ContinueAtJobEnd,
        NominalParts: a.NominalParts,
        NominalBoxParts: a.NominalBoxParts ?? p?.boxParts ?? 0,
        ExpectedCycleTime: a.ExpectedCycleTime ?? (p ? p.refCycleS * 1000 : 0),
        MouldId: a.MouldId ?? p?.mouldId ?? '',
        NumCavities: a.NumCavities,
      };
      const job = mes.assignJob(msOf(c), data);
      return { job: job.id, JobName: data.JobName, order: job.mo, status: job.status };
    },
  });

  reg({
    name: 'job.start',
    label: { fr: 'Démarrer le job (StartJob)', en: 'Start the job (StartJob)' },
    group: 'mes',
    roles: JOB_ROLES,
    args: NoArgs,
    check: () => {
      const j = mes.s.job;
      if (!j) return 'no job: send one with SetCyclicJobData or dispatch an order first';
      if (!['TRANSFERRED_ASSIGNED', 'SET_UP_FINISHED', 'JOB_INTERRUPTED'].includes(j.status))
        return `job ${j.data.JobName} is ${j.status}`;
      const mo = j.mo ? mes.erp.order(j.mo) : undefined;
      if (mo && mo.status !== 'released' && mo.status !== 'in_progress')
        return `order ${mo.id} is ${mo.status}`;
      const lot = mes.erp.lot(mes.s.currentLot);
      if (lot?.status === 'blocked') return `material lot ${lot.id} is blocked`;
      return null;
    },
    apply: (_a, c) => {
      mes.startJob(msOf(c));
      return { job: mes.s.job!.id, status: mes.s.job!.status };
    },
  });

  reg({
    name: 'job.interrupt',
    label: { fr: 'Interrompre le job (InterruptJob)', en: 'Interrupt the job (InterruptJob)' },
    group: 'mes',
    roles: JOB_ROLES,
    args: NoArgs,
    check: () => (inProduction() ? null : 'no job in production'),
    apply: (_a, c) => {
      mes.interruptJob(msOf(c));
      return { job: mes.s.job!.id, status: mes.s.job!.status };
    },
  });

  reg({
    name: 'job.finish',
    label: { fr: 'Terminer le job (FinishJob)', en: 'Finish the job (FinishJob)' },
    group: 'mes',
    roles: JOB_ROLES,
    args: NoArgs,
    check: () => {
      const j = mes.s.job;
      if (!j) return 'no job';
      return ['JOB_IN_PRODUCTION', 'START_UP_ACTIVE', 'JOB_INTERRUPTED', 'TRANSFERRED_ASSIGNED'].includes(
        j.status,
      )
        ? null
        : `job ${j.data.JobName} is ${j.status}`;
    },
    apply: (_a, c) => {
      mes.finishJob(msOf(c), 'finished by the MES');
      const j = mes.s.job!;
      return { job: j.id, status: j.status, good: j.counters.boxed - j.counters.scrapped };
    },
  });

  reg({
    name: 'job.reset_counters',
    label: {
      fr: 'Remise à zéro des compteurs du job (ResetJobCounters)',
      en: 'Reset the job counters (ResetJobCounters)',
    },
    group: 'mes',
    roles: JOB_ROLES,
    args: NoArgs,
    check: () => (mes.s.job ? null : 'no job'),
    apply: () => {
      mes.resetCounters();
      return { reset: true };
    },
  });

  reg({
    name: 'job.stop_at_cycle_end',
    label: { fr: 'Arrêt en fin de cycle (StopAtCycleEnd)', en: 'Stop at cycle end (StopAtCycleEnd)' },
    group: 'mes',
    roles: JOB_ROLES,
    args: NoArgs,
    apply: () => {
      for (const l of mes.links) l.stopAtCycleEnd?.();
      mes.setAutomaticRun(false);
      return { automaticRunEnabled: false, machineHook: mes.links.some((l) => l.stopAtCycleEnd) };
    },
  });

  reg({
    name: 'production.enable_automatic_run',
    label: { fr: 'Autoriser la marche automatique', en: 'Enable automatic run' },
    group: 'mes',
    roles: JOB_ROLES,
    args: NoArgs,
    check: () => (mes.s.automaticRun ? 'automatic run is already enabled' : null),
    apply: () => {
      mes.setAutomaticRun(true);
      return { automaticRunEnabled: true };
    },
  });

  reg({
    name: 'production.disable_automatic_run',
    label: { fr: 'Interdire la marche automatique', en: 'Disable automatic run' },
    group: 'mes',
    roles: JOB_ROLES,
    args: NoArgs,
    check: () => (mes.s.automaticRun ? null : 'automatic run is already disabled'),
    apply: () => {
      mes.setAutomaticRun(false);
      return { automaticRunEnabled: false };
    },
  });

  reg({
    name: 'mes.set_message',
    label: {
      fr: 'Message MES vers la machine (SetMESMessage)',
      en: 'MES message to the machine (SetMESMessage)',
    },
    group: 'mes',
    roles: JOB_ROLES,
    args: MessageArgs,
    apply: (a) => {
      mes.s.mesMessage = a.message;
      mes.dirty = true;
      return { message: a.message };
    },
  });

  reg({
    name: 'mes.clear_message',
    label: { fr: 'Effacer le message MES (ClearMESMessage)', en: 'Clear the MES message (ClearMESMessage)' },
    group: 'mes',
    roles: JOB_ROLES,
    args: NoArgs,
    apply: () => {
      mes.s.mesMessage = '';
      mes.dirty = true;
      return { message: '' };
    },
  });

  // ---------------------------------------------------------------------------- MES operations
  reg({
    name: 'mes.dispatch_job',
    label: {
      fr: 'Envoyer un ordre de fabrication à la presse',
      en: 'Dispatch a manufacturing order to the machine',
    },
    group: 'mes',
    roles: JOB_ROLES,
    args: DispatchJobArgs,
    check: (a) => {
      const mo = mes.erp.order(a.order);
      if (!mo) return `unknown order ${a.order}`;
      if (mo.status !== 'released' && mo.status !== 'in_progress')
        return `order ${mo.id} is ${mo.status}: release it first`;
      const mounted = mes.erp.defaultProduct;
      const p = mes.erp.product(mo.product);
      if (p && p.mouldId !== mounted.mouldId)
        return `order ${mo.id} needs mould ${p.mouldId} (${p.material}); the machine has ${mounted.mouldId} (${mounted.material})`;
      if (inProduction())
        return `job ${mes.s.job!.data.JobName} is in production: interrupt or finish it first`;
      if (a.start && mes.erp.lot(mes.s.currentLot)?.status === 'blocked')
        return `material lot ${mes.s.currentLot} is blocked`;
      return null;
    },
    apply: (a, c) => {
      const t = msOf(c);
      const job = mes.assignJob(t, mes.jobDataOfOrder(a.order));
      if (a.start) mes.startJob(t);
      return { job: job.id, JobName: job.data.JobName, status: job.status };
    },
  });

  reg({
    name: 'mes.record_downtime',
    label: { fr: "Qualifier un arrêt (motif d'arrêt)", en: 'Qualify a stop (standstill reason)' },
    group: 'mes',
    roles: OPS,
    args: RecordDowntimeArgs,
    check: (a, c) => {
      if (!reasonById(a.reasonId)) return `unknown standstill reason ${a.reasonId}`;
      if (a.from !== undefined || a.to !== undefined) {
        if (a.from === undefined || a.to === undefined) return 'give both from and to';
        if (a.to <= a.from) return 'to must be after from';
        if (a.to - a.from > 7 * 24 * 3_600_000) return 'an interval is at most 7 days';
        return null;
      }
      const st = a.stop !== undefined ? mes.findStop(a.stop) : mes.currentOrLastStop();
      if (!st) return a.stop !== undefined ? `unknown stop ${a.stop}` : 'no stop to qualify';
      void c;
      return null;
    },
    apply: (a, c) => {
      const by = authorOf(c, a.performedBy);
      if (a.from !== undefined && a.to !== undefined) {
        const st = {
          id: ++mes.s.seq.stop,
          start: a.from,
          end: a.to,
          kind: 'declared' as const,
          reasonId: a.reasonId,
          reasonSource: 'operator' as const,
          evidence: '',
          comment: a.comment,
          job: mes.s.job?.id ?? '',
          by,
        };
        mes.insertStop(st);
        return { stop: st.id, declared: true };
      }
      const st = a.stop !== undefined ? mes.findStop(a.stop)! : mes.currentOrLastStop()!;
      st.reasonId = a.reasonId;
      st.reasonSource = 'operator';
      st.comment = a.comment;
      (st as { by: string }).by = by;
      mes.dirty = true;
      return { stop: st.id, reasonId: st.reasonId };
    },
  });

  reg({
    name: 'mes.quarantine',
    label: { fr: 'Mettre en quarantaine (ACT_QUARANTINE)', en: 'Quarantine (ACT_QUARANTINE)' },
    group: 'quality',
    roles: OPS,
    args: QuarantineArgs,
    check: (a, c) => {
      const r = resolveSelector(mes, a.select, msOf(c));
      if ('error' in r) return r.error;
      if (!a.ongoing && countHoldable(selectParts(mes, r.selector)) === 0)
        return 'the selection holds no part that can be quarantined';
      return null;
    },
    apply: (a, c) => {
      const t = msOf(c);
      const r = resolveSelector(mes, a.select, t) as { selector: QualitySelector };
      const d = newDecision(mes, t, 'quarantine', r.selector, a.reason, authorOf(c, a.performedBy), {
        open: a.ongoing,
      });
      quarantine(mes, d, selectParts(mes, r.selector));
      return { decision: d.id, parts: d.parts, boxes: d.boxes, ongoing: d.open };
    },
  });

  reg({
    name: 'mes.release',
    label: {
      fr: 'Libérer des pièces en quarantaine (ACT_RELEASE)',
      en: 'Release quarantined parts (ACT_RELEASE)',
    },
    group: 'quality',
    roles: OPS,
    args: ReleaseArgs,
    check: (a, c) => {
      if (a.decision !== undefined) {
        const d = mes.s.decisions.find((x) => x.id === a.decision && x.kind === 'quarantine');
        if (!d) return `unknown quarantine decision ${a.decision}`;
        if (!d.open && heldBy(mes, d.id).length === 0) return `decision ${d.id} holds no part`;
        return null;
      }
      const r = resolveSelector(mes, a.select!, msOf(c));
      if ('error' in r) return r.error;
      return selectParts(mes, r.selector).some((p) => p.part.hold !== null)
        ? null
        : 'no quarantined part in the selection';
    },
    apply: (a, c) => {
      const t = msOf(c);
      const by = authorOf(c, a.performedBy);
      if (a.decision !== undefined) {
        const q = mes.s.decisions.find((x) => x.id === a.decision)!;
        const d = newDecision(mes, t, 'release', q.selector, a.reason, by, { of: q.id });
        release(mes, d, heldBy(mes, q.id), q.id);
        q.open = false;
        q.closedAt = t;
        return { decision: d.id, parts: d.parts, boxes: d.boxes };
      }
      const r = resolveSelector(mes, a.select!, t) as { selector: QualitySelector };
      const d = newDecision(mes, t, 'release', r.selector, a.reason, by);
      release(mes, d, selectParts(mes, r.selector), null);
      return { decision: d.id, parts: d.parts, boxes: d.boxes };
    },
  });

  reg({
    name: 'mes.scrap',
    label: { fr: 'Mettre au rebut (ACT_SCRAP)', en: 'Scrap (ACT_SCRAP)' },
    group: 'quality',
    roles: OPS,
    args: ScrapArgs,
    check: (a, c) => {
      if (a.decision !== undefined) {
        const d = mes.s.decisions.find((x) => x.id === a.decision && x.kind === 'quarantine');
        if (!d) return `unknown quarantine decision ${a.decision}`;
        return heldBy(mes, d.id).length ? null : `decision ${d.id} holds no part`;
      }
      if (a.startupShots !== undefined) return mes.s.shots.length ? null : 'no shot yet';
      const r = resolveSelector(mes, a.select!, msOf(c));
      if ('error' in r) return r.error;
      return selectParts(mes, r.selector).some((p) => p.part.disp === 'boxed' || p.part.disp === 'unassigned')
        ? null
        : 'the selection holds no good part to scrap';
    },
    apply: (a, c) => {
      const t = msOf(c);
      const by = authorOf(c, a.performedBy);
      if (a.decision !== undefined) {
        const q = mes.s.decisions.find((x) => x.id === a.decision)!;
        const d = newDecision(mes, t, 'scrap', q.selector, a.reason, by, {
          of: q.id,
          defectClass: a.defectClass,
        });
        scrap(mes, d, heldBy(mes, q.id), a.defectClass);
        q.open = false;
        q.closedAt = t;
        return { decision: d.id, parts: d.parts, boxes: d.boxes };
      }
      if (a.startupShots !== undefined) {
        const refs = lastShots(mes, a.startupShots);
        const first = refs[0]?.row.id;
        const d = newDecision(
          mes,
          t,
          'scrap',
          { shotFrom: first, shotTo: mes.s.lastShotId ?? undefined },
          a.reason,
          by,
          {
            defectClass: 'startup',
          },
        );
        scrap(mes, d, refs, 'startup');
        return { decision: d.id, parts: d.parts, boxes: d.boxes };
      }
      const r = resolveSelector(mes, a.select!, t) as { selector: QualitySelector };
      const d = newDecision(mes, t, 'scrap', r.selector, a.reason, by, { defectClass: a.defectClass });
      scrap(mes, d, selectParts(mes, r.selector), a.defectClass);
      return { decision: d.id, parts: d.parts, boxes: d.boxes };
    },
  });

  reg({
    name: 'mes.lot_change',
    label: { fr: 'Changement de lot matière (CoA)', en: 'Material lot change (CoA)' },
    group: 'mes',
    roles: JOB_ROLES,
    args: LotChangeArgs,
    check: (a) => {
      if (a.lot === mes.s.currentLot) return `lot ${a.lot} is already in use`;
      const l = mes.erp.lot(a.lot);
      if (l?.status === 'blocked') return `lot ${a.lot} is blocked`;
      if (l && mes.erp.item(l.item)?.kind !== 'resin') return `lot ${a.lot} is not a resin`;
      if (!l) {
        const item = a.item ?? mes.productOf(mes.s.job).bom.resinItem;
        if (mes.erp.item(item)?.kind !== 'resin') return `unknown resin item ${item}`;
        if (a.supplier && !mes.erp.s.suppliers.some((s) => s.id === a.supplier))
          return `unknown supplier ${a.supplier}`;
      }
      return null;
    },
    apply: (a, c) => {
      const t = msOf(c);
      let l = mes.erp.lot(a.lot);
      if (!l) {
        // a lot the ERP does not know yet: received now with the certificate and CoA given
        const item = a.item ?? mes.productOf(mes.s.job).bom.resinItem;
        const current = mes.erp.lot(mes.s.currentLot);
        const sameGrade = current?.item === item ? current : undefined;
        const recycled = a.recycledPct;
        l = mes.erp.receive(t, {
          lot: a.lot,
          item,
          supplier: a.supplier ?? sameGrade?.supplier ?? current?.supplier ?? 'S-10',
          qty: a.qtyKg ?? 1000,
          // the supplier's recycled-content certificate covers its lots of the grade unless another is given
          certificate:
            a.certificate || recycled !== undefined
              ? {
                  id: a.certificate ?? `CERT-${a.lot}`,
                  scheme: a.scheme ?? 'supplier declaration',
                  recycledPct: recycled ?? 0,
                  postConsumerPct: recycled ?? 0,
                  preConsumerPct: 0,
                  validUntil: '2026-12-31',
                }
              : (sameGrade?.certificate ?? null),
          coa:
            a.mfi !== undefined || a.moisturePct !== undefined
              ? { mfi: a.mfi ?? null, moisturePct: a.moisturePct ?? null, density: null }
              : null,
        });
      }
      const from = mes.s.currentLot;
      mes.recordLotChange(t, l.id, 'mes', authorOf(c, a.performedBy));
      mes.writeMachineLot(l.id);
      const inSpec = coaInSpec(mes.erp.item(l.item), l.coa);
      return { from, to: l.id, coaMfi: l.coa?.mfi ?? null, coaInSpec: inSpec };
    },
  });

  reg({
    name: 'mes.request_test_sample',
    label: {
      fr: 'Prélever des échantillons (RequestTestSample)',
      en: 'Take test samples (RequestTestSample)',
    },
    group: 'quality',
    roles: OPS,
    args: TestSampleArgs,
    apply: (a) => {
      mes.s.testPending += a.shots;
      return { pendingShots: mes.s.testPending };
    },
  });

  // ---------------------------------------------------------------------------- SPC
  reg({
    name: 'spc.set_limits',
    label: {
      fr: 'Fixer les limites de contrôle (période de référence)',
      en: 'Set control limits (reference period)',
    },
    group: 'quality',
    roles: TECH,
    args: SpcLimitsArgs,
    check: (a) => {
      const v = spcVariable(a.variable);
      if (!v) return `unknown SPC variable ${a.variable}`;
      if (v.perCavity !== a.cavity > 0)
        return v.perCavity
          ? `${a.variable} is charted per cavity: give cavity ≥ 1`
          : `${a.variable} is per shot: cavity 0`;
      const pts = seriesOf(mes, a.variable, a.cavity, a);
      const need = a.chart === 'imr' ? 15 : 4 * a.n;
      if (pts.length < need)
        return `the reference period has ${pts.length} values, at least ${need} are needed`;
      const lim = limitsOf(pts, a.chart, a.n);
      if (!lim || !(lim.sigmaPlot > 0))
        return 'the reference period shows no variation: limits cannot be computed';
      return null;
    },
    apply: (a, c) => {
      const pts = seriesOf(mes, a.variable, a.cavity, a);
      const limits = limitsOf(pts, a.chart, a.n)!;
      const key = chartKey(a.variable, a.cavity, a.chart);
      const product = specOf(mes, a.variable);
      const spec =
        a.lsl !== undefined || a.usl !== undefined
          ? { lsl: a.lsl ?? null, usl: a.usl ?? null }
          : (product ?? null);
      // the online evaluation continues the chart as shown: subgroups counted from the first production shot
      const all = seriesOf(mes, a.variable, a.cavity, {}).map((p) => p.x);
      const n = a.chart === 'imr' ? 1 : a.n;
      const full = Math.floor(all.length / n) * n;
      const plotted =
        n === 1
          ? all
          : subgroupsOf(all.slice(0, full), n).map((g) => g.reduce((x, y) => x + y, 0) / g.length);
      mes.s.spc[key] = {
        key,
        variable: a.variable,
        cavity: a.cavity,
        type: a.chart,
        n,
        limits,
        rules: [...new Set(a.rules)],
        spec,
        ref: { fromShot: pts[0]!.shot, toShot: pts[pts.length - 1]!.shot, points: pts.length },
        setAt: msOf(c),
        by: authorOf(c),
        recent: plotted.slice(-MAX_RULE_WINDOW),
        sub: all.slice(full),
        alarm: false,
        points: 0,
      };
      return { chart: key, limits };
    },
  });

  reg({
    name: 'spc.clear_limits',
    label: { fr: 'Supprimer les limites de contrôle', en: 'Clear control limits' },
    group: 'quality',
    roles: TECH,
    args: SpcClearArgs,
    check: (a) =>
      mes.s.spc[chartKey(a.variable, a.cavity, a.chart)] ? null : 'no limits set for this chart',
    apply: (a) => {
      const key = chartKey(a.variable, a.cavity, a.chart);
      const ch = mes.s.spc[key]!;
      if (ch.alarm) {
        mes.queueAlarm(
          `SPC_${ch.variable.toUpperCase()}${ch.cavity ? `_C${ch.cavity}` : ''}`,
          'cleared',
          'warning',
          {
            fr: 'Limites supprimées',
            en: 'Limits cleared',
          },
        );
      }
      delete mes.s.spc[key];
      return { chart: key, cleared: true };
    },
  });
}
