/**
 * GMAO (CMMS) of a station: equipment with shot and hour counters, preventive plans due/overdue from those
 * counters (a preventive work order is generated when a plan comes due), corrective work orders opened by
 * candidates or trainers with a status workflow (open → assigned → in progress → done → closed; invalid
 * transitions are refused with the allowed ones), spare parts and labour booked, and the sampled signals
 * behind the predictive indicators (gmao/predictive.ts).
 *
 * A deterministic station model: every change is a named action (group `gmao`) or a counter advanced by
 * the station's time and shots.
 */
import type { z } from 'zod';
import type { ActionContext } from '../../kernel/actions.ts';
import type { BindContext, Model, StepContext } from '../../kernel/model.ts';
import type { RegisteredSignal, Role, SignalDefInput } from '../../kernel/signal-schema.ts';
import type { SignalStore } from '../../kernel/signal-store.ts';
import { authorOf, bound, msOf, READ_ALL, round } from '../common.ts';
import {
  BookPartsArgs,
  BookTimeArgs,
  OpenWorkOrderArgs,
  SetCounterArgs,
  UpdateWorkOrderArgs,
} from '../schemas.ts';
import type { GmaoState, Localized, Plan, ShotRow, WorkOrder, WorkOrderStatus } from '../types.ts';
import { seedGmao } from './seed.ts';

/** The work-order workflow: allowed next statuses. */
export const NEXT_STATUS: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  open: ['assigned', 'cancelled'],
  assigned: ['in_progress', 'open', 'cancelled'],
  in_progress: ['done', 'assigned'],
  done: ['closed', 'in_progress'],
  closed: [],
  cancelled: [],
};

export type PlanStatus = 'ok' | 'due_soon' | 'due' | 'overdue';

/** Candidate-visible measurements sampled for the predictive indicators, found by their id (not a key list). */
export const WATCH_RULES: readonly {
  id: string;
  match: RegExp;
  equipment?: RegExp;
  direction: 'up' | 'down';
  label: Localized;
}[] = [
  {
    id: 'filter_dp',
    match: /filter.*(dp|delta|pressure)|(dp|delta_p).*filter/,
    direction: 'up',
    label: { fr: 'ΔP filtre', en: 'Filter ΔP' },
  },
  { id: 'airflow', match: /airflow/, direction: 'down', label: { fr: "Débit d'air", en: 'Air flow' } },
  {
    id: 'flow',
    match: /(^|\.)flow($|_actual)/,
    equipment: /^tcu/,
    direction: 'down',
    label: { fr: 'Débit eau', en: 'Water flow' },
  },
  {
    id: 'dew_point',
    match: /dew_point/,
    equipment: /^dryer/,
    direction: 'up',
    label: { fr: 'Point de rosée', en: 'Dew point' },
  },
];

const SAMPLE_EVERY_MS = 60_000;
const MAX_SAMPLES = 2000;
const MAX_WORK_ORDERS = 2000;

export class GmaoModel implements Model {
  readonly id = 'gmao';
  s: GmaoState;
  store!: SignalStore;
  /** sampled signals: key → watch rule */
  watched: { sig: RegisteredSignal; rule: (typeof WATCH_RULES)[number] }[] = [];
  private hOpen = -1;
  private hOverdue = -1;

  constructor(opts: { seed?: boolean } = {}) {
    this.s = seedGmao(opts.seed ?? true);
  }

  declare(): SignalDefInput[] {
    const base = {
      access: { read: READ_ALL, write: [] as Role[] },
      visibility: 'candidate' as const,
      kind: 'state' as const,
    };
    return [
      {
        ...base,
        id: 'open_work_orders',
        label: { fr: 'Ordres de travail ouverts', en: 'Open work orders' },
        type: 'int',
        initial: 0,
        channels: { mqtt: { topic: 'mes/gmao/open_work_orders' } },
      },
      {
        ...base,
        id: 'plans_due',
        label: { fr: 'Plans préventifs échus', en: 'Preventive plans due' },
        type: 'int',
        initial: 0,
        channels: { mqtt: { topic: 'mes/gmao/plans_due' } },
      },
    ];
  }

  // ------------------------------------------------------------------------------------------ counters
  counter(equipment: string, kind: 'shots' | 'hours'): number {
    const e = this.s.equipment.find((x) => x.id === equipment);
    const adj = this.s.adjust[equipment]?.[kind] ?? 0;
    if (kind === 'shots') return (e?.shotsOffset ?? 0) + this.s.shots + adj;
    return round((e?.hoursOffset ?? 0) + this.s.seconds / 3600 + adj, 3);
  }

  planState(p: Plan): { value: number; used: number; pct: number; status: PlanStatus; remaining: number } {
    const value = this.counter(p.equipment, p.counter);
    const used = value - p.lastDone;
    const pct = used / p.interval;
    const status: PlanStatus =
      pct >= 1 + p.tolerancePct ? 'overdue' : pct >= 1 ? 'due' : pct >= p.warnPct ? 'due_soon' : 'ok';
    return {
      value,
      used: round(used, 3),
      pct: round(pct, 4),
      status,
      remaining: round(p.interval - used, 3),
    };
  }

  onShot(_row: ShotRow, _t: number): void {
    this.s.shots++;
  }

  workOrder(id: string): WorkOrder | undefined {
    return this.s.workOrders.find((w) => w.id === id);
  }

  private newWorkOrder(
    t: number,
    a: {
      kind: WorkOrder['kind'];
      equipment: string;
      title: string;
      description: string;
      priority: WorkOrder['priority'];
      breakdown: boolean;
      downtime: number | null;
      plan: string | null;
      by: string;
      failureAt?: number;
    },
  ): WorkOrder {
    const w: WorkOrder = {
      id: `WO-${++this.s.seq.wo}`,
      kind: a.kind,
      equipment: a.equipment,
      title: a.title,
      description: a.description,
      priority: a.priority,
      status: 'open',
      createdAt: t,
      createdBy: a.by,
      assignee: '',
      breakdown: a.breakdown,
      failureAt: a.failureAt ?? t,
      doneAt: null,
      closedAt: null,
      plan: a.plan,
      downtime: a.downtime,
      cause: '',
      remedy: '',
      history: [{ t, from: null, to: 'open', by: a.by, comment: '' }],
      parts: [],
      time: [],
    };
    this.s.workOrders.push(w);
    bound(this.s.workOrders, MAX_WORK_ORDERS);
    return w;
  }

  /** Plans coming due generate their work order; due and overdue plans raise an info/warning alarm. */
  private checkPlans(t: number): void {
    for (const p of this.s.plans) {
      const st = this.planState(p).status;
      if (st !== 'ok' && p.openWo === null) {
        const w = this.newWorkOrder(t, {
          kind: 'preventive',
          equipment: p.equipment,
          title: p.title.fr,
          description: p.title.en,
          priority: st === 'overdue' ? 'high' : 'normal',
          breakdown: false,
          downtime: null,
          plan: p.id,
          by: 'GMAO',
        });
        p.openWo = w.id;
      }
      if (st === p.notified) continue;
      const code = `PM_DUE_${p.id.replace(/^PM_/, '')}`;
      if (st === 'due' || st === 'overdue') {
        this.s.pendingAlarms.push({
          code,
          state: 'active',
          severity: st === 'overdue' ? 'warning' : 'info',
          text: {
            fr: `Maintenance préventive ${st === 'overdue' ? 'en retard' : 'à faire'} : ${p.title.fr}`,
            en: `Preventive maintenance ${st === 'overdue' ? 'overdue' : 'due'}: ${p.title.en}`,
          },
        });
      } else if (p.notified === 'due' || p.notified === 'overdue') {
        this.s.pendingAlarms.push({ code, state: 'cleared', severity: 'info', text: p.title });
      }
      p.notified = st;
    }
  }

  bind(ctx: BindContext): void {
    this.store = ctx.store;
    this.hOpen = ctx.handle(`${this.id}.open_work_orders`);
    this.hOverdue = ctx.handle(`${this.id}.plans_due`);
    const known = new Set(this.s.equipment.map((e) => e.id));
    for (const s of ctx.registry.signals) {
      if (s.equipment === this.id || s.equipment === 'mes' || s.equipment === 'erp') continue;
      if (!known.has(s.equipment)) {
        known.add(s.equipment);
        this.s.equipment.push({
          id: s.equipment,
          name: { fr: s.equipment, en: s.equipment },
          parent: null,
          shotsOffset: 0,
          hoursOffset: 0,
        });
      }
      if (
        s.visibility !== 'candidate' ||
        s.kind !== 'measurement' ||
        (s.type !== 'float' && s.type !== 'int')
      )
        continue;
      const local = s.key.slice(s.equipment.length + 1);
      const rule = WATCH_RULES.find(
        (r) => r.match.test(local) && (!r.equipment || r.equipment.test(s.equipment)),
      );
      if (rule) this.watched.push({ sig: s, rule });
    }
    this.registerActions(ctx);
  }

  private registerActions(ctx: BindContext): void {
    const reg = <A>(def: {
      name: string;
      label: Localized;
      roles: Role[];
      visibility?: 'trainer';
      args: z.ZodType<A>;
      check?: (a: A, c: ActionContext) => string | null;
      apply: (a: A, c: ActionContext) => unknown;
    }) => ctx.registerAction({ group: 'gmao', ...def });

    reg({
      name: 'gmao.open_work_order',
      label: {
        fr: 'Ouvrir un ordre de travail (demande d’intervention)',
        en: 'Open a work order (maintenance request)',
      },
      roles: ['operator', 'technician', 'maintenance', 'trainer'],
      args: OpenWorkOrderArgs,
      check: (a) =>
        this.s.equipment.some((e) => e.id === a.equipment) ? null : `unknown equipment ${a.equipment}`,
      apply: (a, c) => {
        const t = msOf(c);
        const w = this.newWorkOrder(t, {
          kind: 'corrective',
          equipment: a.equipment,
          title: a.title,
          description: a.description,
          priority: a.priority,
          breakdown: a.breakdown,
          downtime: a.downtime ?? null,
          plan: null,
          by: authorOf(c, a.performedBy),
        });
        return { id: w.id, status: w.status };
      },
    });

    reg({
      name: 'gmao.update_work_order',
      label: {
        fr: 'Mettre à jour un ordre de travail (statut, affectation)',
        en: 'Update a work order (status, assignee)',
      },
      roles: ['technician', 'maintenance', 'trainer'],
      args: UpdateWorkOrderArgs,
      check: (a) => {
        const w = this.workOrder(a.id);
        if (!w) return `unknown work order ${a.id}`;
        if (a.status === undefined) {
          return w.status === 'closed' || w.status === 'cancelled'
            ? `work order ${w.id} is ${w.status}`
            : null;
        }
        if (a.status === w.status) return `work order ${w.id} is already ${w.status}`;
        const allowed = NEXT_STATUS[w.status];
        if (!allowed.includes(a.status))
          return `${w.status} → ${a.status} is not allowed (from ${w.status}: ${allowed.join(', ') || 'none, final status'})`;
        if (a.status === 'assigned' && !(a.assignee ?? w.assignee)) return 'give an assignee';
        if (a.status === 'done') {
          if (w.time.length === 0) return 'book the labour time first';
          if (w.kind === 'corrective' && !(a.remedy ?? w.remedy)) return 'describe the remedy first';
        }
        return null;
      },
      apply: (a, c) => {
        const t = msOf(c);
        const w = this.workOrder(a.id)!;
        const by = authorOf(c, a.performedBy);
        if (a.assignee !== undefined) w.assignee = a.assignee;
        if (a.priority !== undefined) w.priority = a.priority;
        if (a.cause !== undefined) w.cause = a.cause;
        if (a.remedy !== undefined) w.remedy = a.remedy;
        if (a.status !== undefined) {
          w.history.push({ t, from: w.status, to: a.status, by, comment: a.comment });
          w.status = a.status;
          if (a.status === 'done') {
            w.doneAt = t;
            const p = w.plan ? this.s.plans.find((x) => x.id === w.plan) : undefined;
            if (p) {
              p.lastDone = this.counter(p.equipment, p.counter);
              p.openWo = null;
            }
          }
          if (a.status === 'in_progress') w.doneAt = null;
          if (a.status === 'closed') w.closedAt = t;
          if (a.status === 'cancelled') {
            const p = w.plan ? this.s.plans.find((x) => x.id === w.plan) : undefined;
            if (p && p.openWo === w.id) p.openWo = null;
          }
        } else if (a.comment) w.history.push({ t, from: w.status, to: w.status, by, comment: a.comment });
        return { id: w.id, status: w.status };
      },
    });

    reg({
      name: 'gmao.book_parts',
      label: { fr: 'Imputer des pièces de rechange', en: 'Book spare parts' },
      roles: ['technician', 'maintenance', 'trainer'],
      args: BookPartsArgs,
      check: (a) => {
        const w = this.workOrder(a.id);
        if (!w) return `unknown work order ${a.id}`;
        if (w.status !== 'assigned' && w.status !== 'in_progress')
          return `work order ${w.id} is ${w.status}: parts are booked while assigned or in progress`;
        const sp = this.s.spareParts.find((p) => p.id === a.part);
        if (!sp) return `unknown spare part ${a.part}`;
        if (sp.stock < a.qty) return `${sp.id}: ${sp.stock} in stock, ${a.qty} asked`;
        return null;
      },
      apply: (a, c) => {
        const w = this.workOrder(a.id)!;
        const sp = this.s.spareParts.find((p) => p.id === a.part)!;
        sp.stock -= a.qty;
        w.parts.push({ part: a.part, qty: a.qty, t: msOf(c), by: authorOf(c, a.performedBy) });
        return { id: w.id, part: sp.id, stock: sp.stock };
      },
    });

    reg({
      name: 'gmao.book_time',
      label: { fr: 'Imputer du temps de main-d’œuvre', en: 'Book labour time' },
      roles: ['technician', 'maintenance', 'trainer'],
      args: BookTimeArgs,
      check: (a) => {
        const w = this.workOrder(a.id);
        if (!w) return `unknown work order ${a.id}`;
        return w.status === 'assigned' || w.status === 'in_progress'
          ? null
          : `work order ${w.id} is ${w.status}: time is booked while assigned or in progress`;
      },
      apply: (a, c) => {
        const w = this.workOrder(a.id)!;
        const by = a.technician ?? authorOf(c, a.performedBy);
        w.time.push({ hours: a.hours, by, t: msOf(c), comment: a.comment });
        return {
          id: w.id,
          hours: round(
            w.time.reduce((x, y) => x + y.hours, 0),
            2,
          ),
        };
      },
    });

    reg({
      name: 'gmao.set_counter',
      label: { fr: "Régler un compteur d'équipement", en: 'Set an equipment counter' },
      roles: ['trainer'],
      visibility: 'trainer',
      args: SetCounterArgs,
      check: (a) =>
        this.s.equipment.some((e) => e.id === a.equipment) ? null : `unknown equipment ${a.equipment}`,
      apply: (a) => {
        const adj = (this.s.adjust[a.equipment] ??= { shots: 0, hours: 0 });
        adj[a.counter] += a.value - this.counter(a.equipment, a.counter);
        return { equipment: a.equipment, counter: a.counter, value: this.counter(a.equipment, a.counter) };
      },
    });
  }

  step(ctx: StepContext): void {
    const now = Math.round(ctx.t * 1000);
    this.s.seconds = ctx.t;
    if (now - this.s.sampleAt >= SAMPLE_EVERY_MS) {
      this.s.sampleAt = now;
      for (const w of this.watched) {
        const list = (this.s.samples[w.sig.key] ??= []);
        list.push([now, round(this.store.get(w.sig.index), 4)]);
        bound(list, MAX_SAMPLES);
      }
    }
    if (ctx.tick % 10 === 0) {
      this.checkPlans(now);
      let open = 0;
      for (const w of this.s.workOrders) if (w.status !== 'closed' && w.status !== 'cancelled') open++;
      this.store.set(this.hOpen, open);
      this.store.set(
        this.hOverdue,
        this.s.plans.filter((p) => p.notified === 'due' || p.notified === 'overdue').length,
      );
    }
    if (this.s.pendingAlarms.length) {
      for (const a of this.s.pendingAlarms) ctx.raise(a);
      this.s.pendingAlarms = [];
    }
  }

  snapshot(): unknown {
    return structuredClone(this.s);
  }

  restore(state: unknown): void {
    this.s = structuredClone(state) as GmaoState;
  }
}
