/**
 * The MES of a station (ISA-95 level 3): EUROMAP 77 job interface, counts per job and cavity, scrap by defect
 * class, downtime with standstill reasons, OEE, SPC per cavity with run rules, genealogy material lot → shot →
 * part → box → order, quarantine and release decisions, and the material-lot changes.
 *
 * A deterministic station model: it observes the station's per-shot records and alarms (`ctx.on`, after the
 * models stepped), changes only through named actions (`job.*`, `production.*`, `mes.*`, `spc.*`), and keeps
 * everything in plain data for the snapshot. Queries read this state (mes/queries.ts).
 */

import type { CommandRecord } from '../../kernel/command-types.ts';
import type { AlarmEvent, BindContext, CycleEndEvent, Model, StepContext } from '../../kernel/model.ts';
import type { RegisteredSignal, SignalDefInput } from '../../kernel/signal-schema.ts';
import type { SignalStore } from '../../kernel/signal-store.ts';
import { bound, round } from '../common.ts';
import type { ErpModel } from '../erp/erp-model.ts';
import { defaultLotOf, type MaterialId } from '../erp/seed.ts';
import type { GmaoModel } from '../gmao/gmao-model.ts';
import { type MesMachineLink, machineLinks } from '../machine-link.ts';
import { parseShot, type ShotFacts } from '../shot.ts';
import type {
  Box,
  CyclicJobData,
  JobState,
  JobStatusName,
  Localized,
  MachineCounters,
  MesState,
  PartRow,
  Product,
  ShotRow,
  Stop,
} from '../types.ts';
import { registerMesActions } from './actions.ts';
import { addGapStop, closeStop, currentOrLastStop, insertStop, liveStop, stopById } from './downtime.ts';
import {
  declareJobInterface,
  KPI_ELEMENTS,
  MACHINE_ROOT,
  materialLotSignal,
  type ResolvedElement,
  resolveJobInterface,
  signalByPath,
} from './job-interface.ts';
import { classOfReason } from './oee-window.ts';
import { publishJobInterface, publishKpis } from './publish.ts';
import { applyOngoingHolds } from './quality.ts';
import { spcOnline } from './spc-online.ts';
import { spcValues } from './spc-vars.ts';

export interface MesOptions {
  readonly material: MaterialId;
  /** OPC UA root of the machine whose job interface the MES drives (default `DeviceSet/IMM_1`) */
  readonly machineRoot?: string;
  /** the station's other models: the MES declares only the job-interface nodes they do not */
  readonly peers?: readonly Model[];
  /** demo master data and an active order (default true) */
  readonly seed?: boolean;
  /** a stop shorter than this is a micro-stop, a performance loss (default 60 s, §6.1) */
  readonly microStopMaxS?: number;
  /** a gap between cycles longer than this is a restart: the next shots are start-up scrap (default 120 s, §3.16) */
  readonly restartGapS?: number;
  /** shots diverted as start-up scrap after a restart (default 5) */
  readonly startupShots?: number;
  /** after a lot change, shots may still hold the previous lot for this long (hopper → screw, default 600 s, F07) */
  readonly lotTransitionS?: number;
  /** most shots kept (older ones are dropped and counted; default 20 000 ≈ 110 h at 20 s) */
  readonly maxShots?: number;
}

const MAX_ALARMS = 5000;
const MAX_MODES = 2000;
const MAX_PARAMS = 2000;
const MAX_BOXES = 5000;
const MAX_JOBS = 200;
const PRODUCING_STATUS = new Set(['PRODUCTION', 'START_UP']);
/** the KPI signals (rolling-hour and session OEE) are recomputed this often, simulation ms */
const KPI_EVERY_MS = 60_000;

export const emptyCounters = (cavities: number): JobState['counters'] => ({
  cycles: 0,
  parts: 0,
  good: 0,
  bad: 0,
  test: 0,
  startup: 0,
  boxed: 0,
  scrapped: 0,
  byCavity: Array.from({ length: Math.max(1, cavities) }, () => ({ good: 0, bad: 0, test: 0, startup: 0 })),
  scrapByClass: {},
});

export { partId } from '../common.ts';

export class MesModel implements Model {
  readonly id = 'mes';
  s: MesState;
  readonly opts: Required<Omit<MesOptions, 'peers'>> & { peers: readonly Model[] };
  erp!: ErpModel;
  gmao!: GmaoModel;
  store!: SignalStore;
  /** job-interface elements by id, whoever declared them */
  el = new Map<string, ResolvedElement>();
  private hMode = -1;
  private modeNames: readonly string[] = [];
  private hProd = -1;
  private prodNames: readonly string[] = [];
  private lotSig: RegisteredSignal | undefined;
  /** handles of the KPI signals */
  readonly kpi = new Map<string, number>();
  private machineCounterSigs: Partial<Record<keyof MachineCounters, RegisteredSignal>> = {};
  links: MesMachineLink[] = [];
  /** transient: the job-interface signals need writing */
  dirty = true;

  constructor(opts: MesOptions) {
    this.opts = {
      material: opts.material,
      machineRoot: opts.machineRoot ?? MACHINE_ROOT,
      peers: opts.peers ?? [],
      seed: opts.seed ?? true,
      microStopMaxS: opts.microStopMaxS ?? 60,
      restartGapS: opts.restartGapS ?? 120,
      startupShots: opts.startupShots ?? 5,
      lotTransitionS: opts.lotTransitionS ?? 600,
      maxShots: opts.maxShots ?? 20_000,
    };
    this.s = {
      seq: { job: 0, stop: 0, decision: 0, lotChange: 0, viol: 0 },
      job: null,
      jobs: [],
      shots: [],
      shotsDropped: 0,
      boxes: [],
      stops: [],
      openStop: null,
      lastCycleEnd: 0,
      lastShotId: null,
      startupLeft: 0,
      testPending: 0,
      alarmLog: [],
      activeAlarms: [],
      lotChanges: [],
      currentLot: '',
      decisions: [],
      spc: {},
      violations: [],
      modeLog: [],
      lastMode: -1,
      paramChanges: [],
      automaticRun: true,
      releasedByMes: false,
      mesMessage: '',
      started: false,
      pendingAlarms: [],
      kpiAt: -1e12,
    };
  }

  declare(): SignalDefInput[] {
    const taken = new Set<string>();
    for (const p of this.opts.peers) {
      if (p === this) continue;
      for (const d of p.declare()) {
        const path = d.channels?.opcua?.browsePath;
        if (path) taken.add(path);
      }
    }
    return declareJobInterface(this.opts.machineRoot, taken);
  }

  bind(ctx: BindContext): void {
    this.store = ctx.store;
    this.erp = ctx.model<ErpModel>('erp');
    this.gmao = ctx.model<GmaoModel>('gmao');
    const root = this.opts.machineRoot;
    this.el = resolveJobInterface(ctx.registry, root, this.id);
    const mode = signalByPath(ctx.registry, `${root}/MachineStatus/MachineMode`);
    if (mode?.enumValues) {
      this.hMode = mode.index;
      this.modeNames = mode.enumValues;
    }
    const prod = signalByPath(ctx.registry, `${root}/MachineMESStatus/ProductionControl/ProductionStatus`);
    if (prod?.enumValues) {
      this.hProd = prod.index;
      this.prodNames = prod.enumValues;
    }
    const counters: [keyof MachineCounters, string][] = [
      ['cycle', 'job.cycle_counter'],
      ['parts', 'job.parts_counter'],
      ['good', 'job.good_parts'],
      ['bad', 'job.bad_parts'],
      ['test', 'job.test_samples'],
    ];
    for (const [k, id] of counters) {
      const e = this.el.get(id);
      if (e && e.signal.equipment !== this.id) this.machineCounterSigs[k] = e.signal;
    }
    this.lotSig = materialLotSignal(ctx.registry, this.id);
    for (const k of KPI_ELEMENTS) this.kpi.set(k.id, ctx.handle(`${this.id}.${k.id}`));
    this.links = machineLinks(this.opts.peers);
    ctx.on('cycleEnd', (e) => this.onCycle(e));
    ctx.on('alarm', (a) => this.onAlarm(a));
    ctx.on('command', (r) => this.onCommand(r));
    registerMesActions(this, ctx);
  }

  // ------------------------------------------------------------------------------------------ machine
  /** The machine's job counters now (zeros for those the machine does not declare). */
  machineCounters(): MachineCounters {
    const v = (k: keyof MachineCounters) => {
      const sig = this.machineCounterSigs[k];
      return sig ? this.store.get(sig.index) : 0;
    };
    return { cycle: v('cycle'), parts: v('parts'), good: v('good'), bad: v('bad'), test: v('test') };
  }

  hasMachineCounters(): boolean {
    return this.machineCounterSigs.cycle !== undefined;
  }

  machineMode(): string | null {
    return this.hMode >= 0 ? (this.modeNames[this.store.get(this.hMode)] ?? null) : null;
  }

  productionStatus(): string | null {
    return this.hProd >= 0 ? (this.prodNames[this.store.get(this.hProd)] ?? null) : null;
  }

  /** The lot the machine says it is running (its material-lot or CurrentLotName signal). */
  machineLot(): string {
    if (this.lotSig) return this.store.getStr(this.lotSig.index);
    const e = this.el.get('job.lot');
    return e && e.signal.equipment !== this.id ? this.store.getStr(e.signal.index) : '';
  }

  /** Tell the cell which lot is loaded (the blender's `MaterialLot`, else the MES's own CurrentLotName). */
  writeMachineLot(lot: string): void {
    if (this.lotSig) this.store.setStr(this.lotSig.index, lot);
  }

  // ------------------------------------------------------------------------------------------ jobs
  productOf(job: JobState | null): Product {
    const mo = job?.mo ? this.erp.order(job.mo) : undefined;
    return (
      (mo && this.erp.product(mo.product)) ??
      this.erp.product(job?.data.ProductName ?? '') ??
      this.erp.defaultProduct
    );
  }

  /** Reference cycle time of a job, s: ExpectedCycleTime, else the product's. */
  trefOf(job: JobState | null): number {
    const e = job?.data.ExpectedCycleTime ?? 0;
    return e > 0 ? e / 1000 : this.productOf(job).refCycleS;
  }

  jobDataOfOrder(moId: string): CyclicJobData {
    const mo = this.erp.order(moId)!;
    const p = this.erp.product(mo.product)!;
    const co = this.erp.s.customerOrders.find((c) => c.id === mo.customerOrder);
    const customer = this.erp.s.customers.find((c) => c.id === co?.customer);
    return {
      JobName: mo.id,
      JobDescription: `${mo.qty} × ${p.id} — ${co?.id ?? ''}`,
      CustomerName: customer?.name ?? '',
      Material: p.material,
      ProductName: p.id,
      ProductDescription: p.name.en,
      ProductionDatasetName: p.dataset.name,
      ProductionDatasetDescription: p.dataset.description,
      ContinueAtJobEnd: false,
      NominalParts: mo.qty,
      NominalBoxParts: p.boxParts,
      ExpectedCycleTime: p.refCycleS * 1000,
      MouldId: p.mouldId,
      NumCavities: p.cavities,
    };
  }

  /** SetCyclicJobData / dispatch: the previous job goes to the history, the new one is assigned. */
  assignJob(t: number, data: CyclicJobData): JobState {
    if (this.s.job) this.archiveJob();
    const mo = this.erp.order(data.JobName) ? data.JobName : null;
    const job: JobState = {
      id: `J${String(++this.s.seq.job).padStart(4, '0')}`,
      data,
      mo,
      status: 'TRANSFERRED_ASSIGNED',
      createdAt: t,
      startedAt: null,
      interruptedAt: null,
      finishedAt: null,
      counters: emptyCounters(data.NumCavities),
      baseline: null,
      endCounters: null,
      boxNo: 0,
      openBox: null,
      firstShot: null,
      lastShot: null,
    };
    this.s.job = job;
    this.notifyJob();
    this.dirty = true;
    return job;
  }

  private archiveJob(): void {
    const j = this.s.job;
    if (!j) return;
    this.closeBox(j, j.finishedAt ?? j.interruptedAt ?? j.createdAt);
    this.s.jobs.push(j);
    bound(this.s.jobs, MAX_JOBS);
    this.s.job = null;
  }

  setStatus(job: JobState, status: JobStatusName): void {
    job.status = status;
    this.notifyJob();
    this.dirty = true;
  }

  startJob(t: number): void {
    const j = this.s.job!;
    if (j.startedAt === null) {
      j.startedAt = t;
      j.baseline = this.machineCounters();
    }
    j.interruptedAt = null;
    this.setStatus(j, 'JOB_IN_PRODUCTION');
    if (j.mo) this.erp.orderStarted(j.mo, t);
    this.setAutomaticRun(true);
    this.s.releasedByMes = true;
  }

  interruptJob(t: number): void {
    const j = this.s.job!;
    j.interruptedAt = t;
    this.setStatus(j, 'JOB_INTERRUPTED');
    this.setAutomaticRun(false);
    this.s.releasedByMes = false;
  }

  finishJob(t: number, why: string): void {
    const j = this.s.job!;
    j.finishedAt = t;
    j.endCounters = this.machineCounters();
    this.setStatus(j, 'JOB_FINISHED');
    this.closeBox(j, t);
    if (j.mo) this.erp.orderFinished(j.mo, t);
    this.setAutomaticRun(false);
    this.s.releasedByMes = false;
    this.s.mesMessage = `${j.data.JobName}: ${why}`.slice(0, 200);
    for (const l of this.links) l.stopAtCycleEnd?.();
  }

  resetCounters(): void {
    const j = this.s.job;
    const hooked = this.links.some((l) => l.resetJobCounters);
    for (const l of this.links) l.resetJobCounters?.();
    if (j) {
      j.counters = emptyCounters(j.data.NumCavities);
      // a machine reset through its hook counts from 0; otherwise its counters go on and the MES counts from here
      j.baseline = hooked ? { cycle: 0, parts: 0, good: 0, bad: 0, test: 0 } : this.machineCounters();
    }
    this.dirty = true;
  }

  setAutomaticRun(on: boolean): void {
    this.s.automaticRun = on;
    for (const l of this.links) l.setAutomaticRunEnabled?.(on);
    this.dirty = true;
  }

  private notifyJob(): void {
    const j = this.s.job;
    for (const l of this.links) l.jobChanged?.({ name: j?.data.JobName ?? '', status: j?.status ?? 'OTHER' });
  }

  /** The job that gets the shots: one in production (or start-up). */
  producingJob(): JobState | null {
    const j = this.s.job;
    return j && (j.status === 'JOB_IN_PRODUCTION' || j.status === 'START_UP_ACTIVE') ? j : null;
  }

  // ------------------------------------------------------------------------------------------ boxes
  box(id: string): Box | undefined {
    return this.s.boxes.find((b) => b.id === id);
  }

  private closeBox(j: JobState, t: number): void {
    const b = j.openBox ? this.box(j.openBox) : undefined;
    if (b && b.closedAt === null) b.closedAt = t;
    j.openBox = null;
  }

  private boxFor(j: JobState, t: number, shot: number, capacity: number): Box {
    const cur = j.openBox ? this.box(j.openBox) : undefined;
    if (cur && cur.closedAt === null && cur.count < cur.capacity) return cur;
    this.closeBox(j, t);
    const id = `${j.mo ?? j.data.JobName ?? j.id}-B${String(++j.boxNo).padStart(3, '0')}`;
    const b: Box = {
      id,
      job: j.id,
      mo: j.mo ?? '',
      product: j.data.ProductName,
      capacity: Math.max(1, capacity),
      count: 0,
      held: 0,
      scrapped: 0,
      firstShot: shot,
      lastShot: shot,
      openedAt: t,
      closedAt: null,
      lots: [],
    };
    this.s.boxes.push(b);
    bound(this.s.boxes, MAX_BOXES);
    j.openBox = id;
    if (j.mo) this.erp.bookBox(t, j.mo, shot);
    return b;
  }

  // ------------------------------------------------------------------------------------------ lots
  /** Record a lot change (MES action or detected on the machine's records). */
  recordLotChange(t: number, to: string, source: 'mes' | 'machine', by: string): void {
    const from = this.s.currentLot;
    if (from === to) return;
    const lot = this.erp.lot(to);
    this.s.lotChanges.push({
      id: ++this.s.seq.lotChange,
      t,
      from,
      to,
      shot: null,
      source,
      by,
      coaMfi: lot?.coa?.mfi ?? null,
      coaInSpec: lot?.coaInSpec ?? null,
    });
    bound(this.s.lotChanges, 1000);
    this.s.currentLot = to;
    this.erp.loadLot(to, from);
    if (lot?.coaInSpec === false) {
      this.queueAlarm('LOT_COA_OUT_OF_SPEC', 'active', 'warning', {
        fr: `Lot ${to} : certificat d'analyse hors spécification`,
        en: `Lot ${to}: certificate of analysis out of specification`,
      });
    } else
      this.queueAlarm('LOT_COA_OUT_OF_SPEC', 'cleared', 'warning', {
        fr: 'Lot conforme',
        en: 'Lot in specification',
      });
    this.dirty = true;
  }

  queueAlarm(
    code: string,
    state: 'active' | 'cleared',
    severity: 'info' | 'warning' | 'alarm' | 'critical',
    text: Localized,
  ): void {
    this.s.pendingAlarms.push({ code, state, severity, text });
  }

  // ------------------------------------------------------------------------------------------ events
  private onAlarm(a: AlarmEvent): void {
    this.s.alarmLog.push({
      t: a.t,
      equipment: a.equipment,
      code: a.code,
      state: a.state,
      severity: a.severity,
      text: a.text,
    });
    bound(this.s.alarmLog, MAX_ALARMS);
    const key = `${a.equipment}/${a.code}`;
    const i = this.s.activeAlarms.indexOf(key);
    if (a.state === 'active' && i < 0) this.s.activeAlarms.push(key);
    if (a.state === 'cleared' && i >= 0) this.s.activeAlarms.splice(i, 1);
  }

  /** Parameter changes (accepted writes of candidate-visible set points), without their author. */
  private onCommand(r: CommandRecord): void {
    if (r.status !== 'accepted' || r.input.kind !== 'write') return;
    const sig = this.store.registry.get(r.input.signal);
    if (sig?.visibility !== 'candidate' || sig.kind !== 'setpoint') return;
    this.s.paramChanges.push({
      t: r.t,
      signal: sig.key,
      from: String(r.previous ?? ''),
      to: String(r.applied ?? ''),
    });
    bound(this.s.paramChanges, MAX_PARAMS);
  }

  private onCycle(e: CycleEndEvent): void {
    const f = parseShot(e.record, e.t);
    if (!f || f.id === this.s.lastShotId) return;
    const s = this.s;
    const now = e.t;
    // 1. the gap before this cycle: a stop (availability) or a micro-stop (performance)
    const gapStart = s.lastCycleEnd;
    const gap = f.tStart - gapStart;
    if (s.openStop !== null) closeStop(this, f.tStart);
    else if (gap >= 1000) addGapStop(this, gapStart, f.tStart);
    // 2. start-up scrap after a restart (§3.16)
    if (gap >= this.opts.restartGapS * 1000) s.startupLeft = this.opts.startupShots;
    const startup = s.startupLeft > 0;
    if (startup) s.startupLeft--;
    const test = !startup && s.testPending > 0;
    if (test) s.testPending--;
    // 3. lot: the machine's record names it; a change the MES was not told of is recorded as seen (but the
    //    lot an MES lot change just replaced may still come out of the screw during the transition window)
    const lastChange = s.lotChanges[s.lotChanges.length - 1];
    const inTransition =
      lastChange?.source === 'mes' &&
      f.lot === lastChange.from &&
      now - lastChange.t < this.opts.lotTransitionS * 1000;
    if (f.lot && f.lot !== s.currentLot && !inTransition)
      this.recordLotChange(f.tStart, f.lot, 'machine', 'machine');
    const lot = (inTransition ? s.currentLot : f.lot) || s.currentLot;
    for (let i = s.lotChanges.length - 1; i >= 0; i--) {
      const lc = s.lotChanges[i]!;
      if (lc.shot === null && lc.to === lot) (lc as { shot: number | null }).shot = f.id;
      else break;
    }
    const last = s.lotChanges[s.lotChanges.length - 1];
    const lotPrev =
      last && last.to === lot && last.from && f.tEnd - last.t < this.opts.lotTransitionS * 1000
        ? last.from
        : null;
    // 4. the job and its product
    const job = this.producingJob();
    const product = this.productOf(job ?? s.job);
    const tref = this.trefOf(job ?? s.job);
    const row = this.makeRow(f, job, lot, lotPrev, tref, startup, test, product);
    // 5. counts, boxes, ERP, GMAO, SPC
    this.count(row, job, product, now);
    const runnerKg = product.runnerG / 1000;
    const partsKg = f.cavities.reduce((a, c) => a + (c.weight ?? product.partWeightG), 0) / 1000;
    row.kg = round(partsKg + runnerKg, 5);
    const returnKg =
      runnerKg +
      f.cavities.reduce((a, c, i) => {
        const d = row.cav[i]!.disp;
        return a + (d === 'reject' || d === 'startup' ? (c.weight ?? product.partWeightG) / 1000 : 0);
      }, 0);
    this.erp.bookShot({
      t: now,
      shot: f.id,
      order: job?.mo ?? '',
      product,
      lot,
      kg: row.kg,
      regrind: f.regrind ?? product.bom.regrindPct / 100,
      returnKg: round(returnKg, 5),
    });
    s.shots.push(row);
    s.shotsDropped += bound(s.shots, this.opts.maxShots);
    this.gmao.onShot(row, now);
    if (!startup && !test) spcOnline(this, row, now);
    s.lastCycleEnd = f.tEnd;
    s.lastShotId = f.id;
    // 6. job end at NominalParts (EUROMAP 77), unless ContinueAtJobEnd
    if (
      job &&
      job.data.NominalParts > 0 &&
      job.counters.boxed - job.counters.scrapped >= job.data.NominalParts
    ) {
      if (!job.data.ContinueAtJobEnd) this.finishJob(now, 'nominal parts reached');
    }
    this.dirty = true;
  }

  private makeRow(
    f: ShotFacts,
    job: JobState | null,
    lot: string,
    lotPrev: string | null,
    tref: number,
    startup: boolean,
    test: boolean,
    product: Product,
  ): ShotRow {
    const cav: PartRow[] = f.cavities.map((c) => ({
      k: c.cavity,
      q: c.quality,
      d: c.defects,
      r: c.reason,
      box: null,
      disp: test
        ? 'test'
        : startup
          ? 'startup'
          : c.quality === 'bad'
            ? 'reject'
            : job
              ? 'boxed'
              : 'unassigned',
      hold: null,
    }));
    void product;
    return {
      id: f.id,
      ts: f.tStart,
      te: f.tEnd,
      ct: round(f.cycleTime, 3),
      job: job?.id ?? '',
      mo: job?.mo ?? '',
      tref,
      lot,
      lotPrev,
      rg: f.regrind,
      startup,
      test,
      v: spcValues(f),
      cav,
      alarms: f.alarms,
      dq: f.dataQuality,
      zo: f.zonesOutput,
      cf: f.circuitsFlow,
      ej: f.ejectorPeak,
      vac: f.vacuumMin,
      kg: 0,
    };
  }

  private count(row: ShotRow, job: JobState | null, product: Product, now: number): void {
    if (!job) return;
    const c = job.counters;
    c.cycles++;
    job.firstShot ??= row.id;
    job.lastShot = row.id;
    const mo = job.mo ? this.erp.order(job.mo) : undefined;
    if (mo) mo.produced.shots++;
    for (const p of row.cav) {
      c.parts++;
      const k = c.byCavity[p.k - 1] ?? (c.byCavity[p.k - 1] = { good: 0, bad: 0, test: 0, startup: 0 });
      if (p.q === 'good') c.good++;
      else c.bad++;
      if (p.disp === 'test') {
        c.test++;
        k.test++;
        if (mo) mo.produced.test++;
        continue;
      }
      if (p.disp === 'startup') {
        c.startup++;
        k.startup++;
        c.scrapByClass.startup = (c.scrapByClass.startup ?? 0) + 1;
        if (mo) mo.produced.startup++;
        continue;
      }
      if (p.q === 'good') k.good++;
      else k.bad++;
      if (p.disp === 'reject') {
        const cls = p.d[0] ?? classOfReason(p.r);
        c.scrapByClass[cls] = (c.scrapByClass[cls] ?? 0) + 1;
        if (mo) mo.produced.bad++;
        continue;
      }
      if (p.disp === 'boxed') {
        const b = this.boxFor(job, now, row.id, job.data.NominalBoxParts || product.boxParts);
        p.box = b.id;
        b.count++;
        b.lastShot = row.id;
        if (!b.lots.includes(row.lot)) b.lots.push(row.lot);
        if (row.lotPrev && !b.lots.includes(row.lotPrev)) b.lots.push(row.lotPrev);
        c.boxed++;
        if (mo) mo.produced.good++;
        applyOngoingHolds(this, row, p);
        if (b.count >= b.capacity) this.closeBox(job, now);
      }
    }
  }

  // ------------------------------------------------------------------------------------------ downtime
  findStop(id: number): Stop | undefined {
    return stopById(this.s, id);
  }

  /** The current stop (open) or the last one. */
  currentOrLastStop(): Stop | undefined {
    return currentOrLastStop(this.s);
  }

  /** Insert a declared interval (a break…) in start order. */
  insertStop(st: Stop): void {
    insertStop(this.s, st);
  }

  // ------------------------------------------------------------------------------------------ step
  /** First step: the lot the machine runs and the job it is on at start (demo data). */
  private start(now: number): void {
    const s = this.s;
    s.started = true;
    const seeded = this.erp.s.lots.find(
      (l) => this.erp.item(l.item)?.kind === 'resin' && l.status === 'in_use',
    );
    const machineLot = this.machineLot();
    if (machineLot && seeded && machineLot !== seeded.id && !this.erp.lot(machineLot)) {
      // the cell was built with its own lot name: the ERP's lot in use is that one
      const old = seeded.id;
      Object.assign(seeded, { id: machineLot });
      for (const o of this.erp.s.orders) if (o.bom.resinLot === old) o.bom.resinLot = machineLot;
    } else if (!machineLot && seeded) this.writeMachineLot(seeded.id);
    s.currentLot = machineLot || seeded?.id || defaultLotOf(this.opts.material);
    if (this.hMode >= 0) {
      s.lastMode = this.store.get(this.hMode);
      s.modeLog.push({ t: now, mode: this.machineMode() ?? 'OTHER' });
    }
    if (this.opts.seed) {
      const mo = this.erp.s.orders.find((o) => o.status === 'released');
      if (mo) {
        this.assignJob(now, this.jobDataOfOrder(mo.id));
        // the machine already produces (or is ready in automatic): its job is in production
        const prod = this.productionStatus();
        const ready = prod === 'READY_FOR_PRODUCTION' && this.machineMode() === 'AUTOMATIC';
        if (prod === null || PRODUCING_STATUS.has(prod) || ready) this.startJob(now);
      }
    }
  }

  step(ctx: StepContext): void {
    const now = Math.round(ctx.t * 1000);
    const s = this.s;
    if (!s.started) this.start(now);
    if (s.pendingAlarms.length) {
      for (const a of s.pendingAlarms) ctx.raise(a);
      s.pendingAlarms = [];
    }
    if (this.hMode >= 0) {
      const m = this.store.get(this.hMode);
      if (m !== s.lastMode) {
        s.lastMode = m;
        s.modeLog.push({ t: now, mode: this.modeNames[m] ?? 'OTHER' });
        bound(s.modeLog, MAX_MODES);
      }
    }
    liveStop(this, now);
    if (now - s.kpiAt >= KPI_EVERY_MS) {
      s.kpiAt = now;
      publishKpis(this, now);
    }
    if (this.dirty) publishJobInterface(this);
  }

  snapshot(): unknown {
    return structuredClone(this.s);
  }

  restore(state: unknown): void {
    this.s = structuredClone(state) as MesState;
    this.dirty = true;
  }
}
