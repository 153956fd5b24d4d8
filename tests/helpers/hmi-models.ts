/**
 * Test models for the HMI (issue 6): a small cell shaped like the real one — barrel zones (actual, set,
 * output %), injection values, a mould with a cooling circuit and cavity pressure, a TCU, and a safety
 * model whose `act.*` gestures enforce the lockout order (domain-model §5.2 C) — plus trainer-only
 * signals, shot fields and an action carrying canary tokens that no candidate channel may ever show.
 */
import { z } from 'zod';
import type { BindContext, Model, StepContext } from '../../simulator/kernel/model.ts';
import type { RandomStream } from '../../simulator/kernel/rng.ts';
import type { Role, SignalDefInput } from '../../simulator/kernel/signal-schema.ts';
import type { ModelFactory } from '../../simulator/session/lab.ts';

const R: Role[] = ['operator', 'technician', 'trainer'];
const TECH: Role[] = ['technician', 'trainer'];
const OPS: Role[] = ['operator', 'technician', 'trainer'];

/** Publish every candidate-visible signal on MQTT (UNS topic `<equipment>/<id with / for .>`). */
const onMqtt =
  (equipment: string) =>
  (s: SignalDefInput): SignalDefInput =>
    s.visibility === 'candidate'
      ? { ...s, channels: { mqtt: { topic: `${equipment}/${s.id.replaceAll('.', '/')}` } } }
      : s;

/** Canary tokens: trainer-only values that must never reach a candidate. */
export const canary = (station: string) => ({
  text: `CANARY-TRAINER-${station}-7f3a9c`,
  number: 987654.321,
  shot: `CANARY-SHOT-${station}-51bd`,
  event: `CANARY-EVENT-${station}-c0de`,
});

/** A distinctive candidate-visible text per station, to prove a socket never shows another station. */
export const stationTag = (station: string) => `JOB-${station.toUpperCase()}-4242`;

const cand = (
  id: string,
  fr: string,
  en: string,
  rest: Partial<SignalDefInput> & Pick<SignalDefInput, 'type' | 'kind'>,
): SignalDefInput => ({
  id,
  label: { fr, en },
  access: { read: R, ...(rest.access?.write ? { write: rest.access.write } : {}) },
  visibility: 'candidate',
  ...rest,
});

/** Injection-moulding machine: three barrel zones, injection values, mode, job id and a trainer canary. */
export class HmiImm implements Model {
  readonly id = 'imm';
  private readonly station: string;
  private temps = [190, 205, 220];
  private h: Record<string, number> = {};
  private noise!: RandomStream;
  private shot = 0;
  private nextShotAt = 2;
  private readonly dev = [false, false, false];
  private lastMode = 2;

  constructor(station: string) {
    this.station = station;
  }

  declare(): SignalDefInput[] {
    return this.signals().map(onMqtt(this.id));
  }

  private signals(): SignalDefInput[] {
    const zones = [1, 2, 3].flatMap((z): SignalDefInput[] => [
      cand(`zone${z}.temp_actual`, `Zone ${z} température`, `Zone ${z} temperature`, {
        type: 'float',
        kind: 'measurement',
        unit: '°C',
        range: { min: 0, max: 400 },
        sigma: 0.3,
      }),
      cand(`zone${z}.temp_sp`, `Zone ${z} consigne`, `Zone ${z} set point`, {
        type: 'float',
        kind: 'setpoint',
        unit: '°C',
        range: { min: 0, max: 300 },
        initial: [195, 210, 225][z - 1]!,
        access: { read: R, write: TECH },
      }),
      cand(`zone${z}.output_pct`, `Zone ${z} puissance`, `Zone ${z} output`, {
        type: 'float',
        kind: 'measurement',
        unit: '%',
        range: { min: 0, max: 100 },
      }),
    ]);
    return [
      ...zones,
      cand('hold_pressure_sp', 'Pression de maintien', 'Hold pressure', {
        type: 'float',
        kind: 'setpoint',
        unit: 'MPa',
        range: { min: 20, max: 80 },
        initial: 45,
        access: { read: R, write: TECH },
      }),
      cand('inj_pressure', 'Pression d’injection', 'Injection pressure', {
        type: 'float',
        kind: 'measurement',
        unit: 'MPa',
        range: { min: 0, max: 200 },
      }),
      cand('screw_position', 'Position vis', 'Screw position', {
        type: 'float',
        kind: 'measurement',
        unit: 'mm',
        range: { min: 0, max: 120 },
      }),
      cand('cushion', 'Matelas', 'Cushion', { type: 'float', kind: 'measurement', unit: 'mm' }),
      cand('cycle_time', 'Temps de cycle', 'Cycle time', { type: 'float', kind: 'measurement', unit: 's' }),
      cand('mode', 'Mode', 'Mode', {
        type: 'enum',
        kind: 'state',
        enumValues: ['MANUAL', 'SEMI', 'AUTO'],
        initial: 2,
      }),
      cand('shot_count', 'Compteur de cycles', 'Shot counter', { type: 'int', kind: 'counter' }),
      cand('job_id', 'Ordre', 'Job', { type: 'string', kind: 'state', initial: stationTag(this.station) }),
      {
        id: 'heater_health',
        label: { fr: 'Santé chauffe (formateur)', en: 'Heater health (trainer)' },
        type: 'float',
        initial: canary(this.station).number,
        access: { read: ['trainer'] },
        visibility: 'trainer',
        kind: 'parameter',
      },
      {
        id: 'fault_note',
        label: { fr: 'Note formateur', en: 'Trainer note' },
        type: 'string',
        initial: canary(this.station).text,
        access: { read: ['trainer'], write: ['trainer'] },
        visibility: 'trainer',
        kind: 'parameter',
      },
    ];
  }

  bind(ctx: BindContext): void {
    for (const s of this.declare()) this.h[s.id] = ctx.handle(`imm.${s.id}`);
    this.noise = ctx.stream('noise');
    ctx.registerAction({
      name: 'fault.canary_inject',
      label: { fr: 'Injecter (formateur)', en: 'Inject (trainer)' },
      group: 'trainer',
      roles: ['trainer'],
      visibility: 'trainer',
      args: z.strictObject({}),
      apply: () => ({ token: canary(ctx.stationId).text }),
    });
  }

  step(ctx: StepContext): void {
    const s = ctx.store;
    const cycling = s.get(this.h.mode!) >= 1;
    for (let i = 0; i < 3; i++) {
      const sp = s.get(this.h[`zone${i + 1}.temp_sp`]!);
      this.temps[i]! += ((sp - this.temps[i]!) * ctx.dt) / 5;
      s.set(
        this.h[`zone${i + 1}.temp_actual`]!,
        Math.round((this.temps[i]! + this.noise.normal(0, 0.3)) * 10) / 10,
      );
      const out = Math.max(0, Math.min(100, 30 + 4 * (sp - this.temps[i]!)));
      s.set(this.h[`zone${i + 1}.output_pct`]!, Math.round(out * 10) / 10);
      const off = Math.abs(sp - this.temps[i]!);
      if (!this.dev[i] && off > 15) {
        this.dev[i] = true;
        ctx.raise({
          code: `ZONE${i + 1}_DEV`,
          state: 'active',
          severity: 'warning',
          text: { fr: `Zone ${i + 1} : écart de température`, en: `Zone ${i + 1}: temperature deviation` },
        });
      } else if (this.dev[i] && off < 10) {
        this.dev[i] = false;
        ctx.raise({
          code: `ZONE${i + 1}_DEV`,
          state: 'cleared',
          severity: 'warning',
          text: { fr: `Zone ${i + 1} : écart de température`, en: `Zone ${i + 1}: temperature deviation` },
        });
      }
    }
    const m = s.get(this.h.mode!);
    if (m !== this.lastMode) {
      ctx.event('mode_change', { from: this.lastMode, to: m, fault_hint: canary(this.station).event });
      this.lastMode = m;
    }
    const hold = s.get(this.h.hold_pressure_sp!);
    s.set(this.h.inj_pressure!, Math.round((hold * 1.5 + this.noise.normal(0, 0.3)) * 10) / 10);
    s.set(this.h.screw_position!, Math.round((40 + 30 * Math.sin(ctx.t)) * 10) / 10);
    if (cycling && ctx.t >= this.nextShotAt) {
      this.nextShotAt = ctx.t + 2;
      this.shot++;
      const cushion = Math.round((8 + this.noise.normal(0, 0.1)) * 100) / 100;
      s.set(this.h.cushion!, cushion);
      s.set(this.h.cycle_time!, 2);
      s.set(this.h.shot_count!, this.shot);
      const peak = hold * 0.8;
      const curve = Array.from(
        { length: 60 },
        (_, k) => Math.round(peak * Math.sin((Math.PI * k) / 59) * 100) / 100,
      );
      ctx.cycleEnd({
        shot_id: `${ctx.t.toFixed(1)}-${this.shot}`,
        cycle_time: 2,
        cushion_end: cushion,
        peak_inj_pressure: hold * 1.5,
        cavity: { a_gate: { Pmax: peak } },
        curves: { cavity_a_gate: curve },
        trainer: { fault: canary(this.station).shot },
      });
    }
  }

  snapshot(): unknown {
    return {
      temps: [...this.temps],
      shot: this.shot,
      nextShotAt: this.nextShotAt,
      dev: [...this.dev],
      lastMode: this.lastMode,
    };
  }

  restore(state: unknown): void {
    const s = state as {
      temps: number[];
      shot: number;
      nextShotAt: number;
      dev: boolean[];
      lastMode: number;
    };
    this.temps = [...s.temps];
    this.lastMode = s.lastMode;
    this.shot = s.shot;
    this.nextShotAt = s.nextShotAt;
    s.dev.forEach((d, i) => {
      this.dev[i] = d;
    });
  }
}

/** Mould with one cooling circuit and a cavity-pressure peak; a TCU with an operator-writable set point. */
export class HmiMouldTcu implements Model {
  readonly id: string;
  private h: Record<string, number> = {};
  private noise!: RandomStream;
  private supply = 40;
  constructor(id: 'mould' | 'tcu1') {
    this.id = id;
  }

  declare(): SignalDefInput[] {
    return this.signals().map(onMqtt(this.id));
  }

  private signals(): SignalDefInput[] {
    if (this.id === 'mould') {
      return [
        cand('circuit_b2.flow', 'Circuit B2 débit', 'Circuit B2 flow', {
          type: 'float',
          kind: 'measurement',
          unit: 'L/min',
          range: { min: 0, max: 20 },
        }),
        cand('circuit_b2.return_temp', 'Circuit B2 retour', 'Circuit B2 return', {
          type: 'float',
          kind: 'measurement',
          unit: '°C',
        }),
        cand('cavity_a.pressure_peak', 'Pression empreinte A', 'Cavity A pressure', {
          type: 'float',
          kind: 'measurement',
          unit: 'MPa',
        }),
      ];
    }
    return [
      cand('supply_temp', 'Température départ', 'Supply temperature', {
        type: 'float',
        kind: 'measurement',
        unit: '°C',
        range: { min: 0, max: 150 },
      }),
      cand('supply_temp_sp', 'Consigne départ', 'Supply set point', {
        type: 'float',
        kind: 'setpoint',
        unit: '°C',
        range: { min: 10, max: 90 },
        initial: 40,
        access: { read: R, write: OPS },
      }),
      cand('running', 'En marche', 'Running', {
        type: 'bool',
        kind: 'state',
        initial: true,
        access: { read: R, write: OPS },
      }),
    ];
  }

  bind(ctx: BindContext): void {
    for (const s of this.declare()) this.h[s.id] = ctx.handle(`${this.id}.${s.id}`);
    this.noise = ctx.stream('noise');
  }

  step(ctx: StepContext): void {
    const s = ctx.store;
    if (this.id === 'mould') {
      s.set(this.h['circuit_b2.flow']!, Math.round((8 + this.noise.normal(0, 0.1)) * 100) / 100);
      s.set(this.h['circuit_b2.return_temp']!, Math.round((40.5 + this.noise.normal(0, 0.1)) * 10) / 10);
      s.set(this.h['cavity_a.pressure_peak']!, Math.round((36 + this.noise.normal(0, 0.3)) * 10) / 10);
      return;
    }
    if (s.getBool(this.h.running!)) {
      this.supply += ((s.get(this.h.supply_temp_sp!) - this.supply) * ctx.dt) / 10;
    }
    s.set(this.h.supply_temp!, Math.round((this.supply + this.noise.normal(0, 0.2)) * 10) / 10);
  }

  snapshot(): unknown {
    return { supply: this.supply };
  }

  restore(state: unknown): void {
    this.supply = (state as { supply: number }).supply;
  }
}

/** Lockout steps in order (domain-model §5.2 C), and the removal steps. */
export const LOTO_APPLY = [
  'act.loto_identify',
  'act.isolate_main',
  'act.lock',
  'act.tag',
  'act.dissipate',
  'act.verify',
] as const;
export const LOTO_REMOVE = [
  'act.tools_removed',
  'act.guards_refitted',
  'act.area_clear',
  'act.unlock',
] as const;
const STEPS = ['none', ...LOTO_APPLY, ...LOTO_REMOVE].map((s) => (s === 'none' ? s : s.slice(4)));

/** Safety gestures: PPE, controlled stop, lockout/tagout with enforced order, E-stop, a diagnosis. */
export class HmiSafety implements Model {
  readonly id = 'safety';
  private h: Record<string, number> = {};

  declare(): SignalDefInput[] {
    return this.signals().map(onMqtt(this.id));
  }

  private signals(): SignalDefInput[] {
    return [
      cand('loto_step', 'Étape de consignation', 'Lockout step', {
        type: 'enum',
        kind: 'state',
        enumValues: STEPS,
        initial: 0,
      }),
      cand('guard_closed', 'Protecteur fermé', 'Guard closed', {
        type: 'bool',
        kind: 'state',
        initial: true,
      }),
      cand('estop', 'Arrêt d’urgence', 'Emergency stop', { type: 'bool', kind: 'state', initial: false }),
      cand('ppe_ok', 'EPI portés', 'PPE worn', { type: 'bool', kind: 'state', initial: false }),
    ];
  }

  bind(ctx: BindContext): void {
    for (const s of this.declare()) this.h[s.id] = ctx.handle(`safety.${s.id}`);
    const mode = ctx.handle('imm.mode');
    const stepOf = (c: { store: { get(h: number): number } }) => c.store.get(this.h.loto_step!);
    const act = <A>(
      name: string,
      fr: string,
      en: string,
      group: string,
      args: z.ZodType<A>,
      check: ((a: A, c: { store: { get(h: number): number } }) => string | null) | undefined,
      apply: (a: A, c: { store: { set(h: number, v: number): void; get(h: number): number } }) => unknown,
      roles: Role[] = OPS,
    ) =>
      ctx.registerAction<A>({
        name,
        label: { fr, en },
        group,
        roles,
        args,
        ...(check ? { check } : {}),
        apply,
      });
    const none = z.strictObject({});
    act(
      'act.ppe',
      'Équipements de protection',
      'Personal protective equipment',
      'safety.ppe',
      z.strictObject({
        items: z
          .array(z.enum(['glasses', 'heat_gloves', 'face_shield', 'long_sleeves', 'safety_shoes']))
          .min(1),
      }),
      undefined,
      (_a, c) => c.store.set(this.h.ppe_ok!, 1),
    );
    act(
      'act.mode_semi',
      'Passer en semi-automatique',
      'Switch to semi-automatic',
      'safety.stop',
      none,
      undefined,
      (_a, c) => c.store.set(mode, 1),
    );
    act(
      'act.mode_manual',
      'Passer en manuel',
      'Switch to manual',
      'safety.stop',
      none,
      (_a, c) => (c.store.get(mode) === 2 ? 'finish the cycle in semi-automatic first' : null),
      (_a, c) => c.store.set(mode, 0),
    );
    act('act.estop', 'Arrêt d’urgence', 'Emergency stop', 'safety.stop', none, undefined, (_a, c) => {
      c.store.set(this.h.estop!, 1);
      c.store.set(mode, 0);
    });
    act(
      'act.estop_reset',
      'Réarmer l’arrêt d’urgence',
      'Reset the emergency stop',
      'safety.stop',
      none,
      (_a, c) => (c.store.get(this.h.estop!) === 0 ? 'the emergency stop is not engaged' : null),
      (_a, c) => c.store.set(this.h.estop!, 0),
    );
    const reasons: Record<string, string> = {
      'act.loto_identify': 'stop the machine in manual mode first',
      'act.isolate_main': 'identify the energies first',
      'act.lock': 'isolate the main switch first',
      'act.tag': 'apply your padlock first',
      'act.dissipate': 'tag the lock first',
      'act.verify': 'dissipate the stored energy first',
      'act.tools_removed': 'the lockout is not verified',
      'act.guards_refitted': 'remove the tools first',
      'act.area_clear': 'refit the guards first',
      'act.unlock': 'check the area is clear first',
    };
    const labels: Record<string, [string, string]> = {
      'act.loto_identify': ['Identifier les énergies', 'Identify the energies'],
      'act.isolate_main': ['Séparer : sectionneur général', 'Isolate: main switch'],
      'act.lock': ['Condamner (cadenas)', 'Lock (padlock)'],
      'act.tag': ['Identifier (étiquette)', 'Tag'],
      'act.dissipate': ['Dissiper les énergies', 'Dissipate stored energy'],
      'act.verify': ['Vérifier l’absence d’énergie', 'Verify (try-start)'],
      'act.tools_removed': ['Outils retirés', 'Tools removed'],
      'act.guards_refitted': ['Protecteurs remontés', 'Guards refitted'],
      'act.area_clear': ['Zone dégagée', 'Area clear'],
      'act.unlock': ['Déconsigner (retirer le cadenas)', 'Unlock (remove the padlock)'],
    };
    const argsOf: Record<string, z.ZodType<unknown>> = {
      'act.loto_identify': z.strictObject({
        energies: z
          .array(z.enum(['electric', 'hydraulic', 'accumulator', 'pneumatic', 'thermal', 'water']))
          .min(1),
      }),
      'act.lock': z.strictObject({ padlock: z.string().min(1).max(40) }),
      'act.tag': z.strictObject({ name: z.string().min(1).max(60), reason: z.string().min(1).max(200) }),
      'act.dissipate': z.strictObject({
        items: z
          .array(z.enum(['accumulator_discharge', 'vent_air', 'depressurise_water', 'screw_decompress']))
          .min(1),
      }),
      'act.verify': z.strictObject({ try_start: z.boolean() }),
    };
    const order = [...LOTO_APPLY, ...LOTO_REMOVE];
    order.forEach((name, i) => {
      act(
        name,
        labels[name]![0],
        labels[name]![1],
        'safety.loto',
        argsOf[name] ?? none,
        (_a, c) => {
          if (name === 'act.loto_identify') {
            if (c.store.get(mode) !== 0) return reasons[name]!;
            const st = stepOf(c);
            return st === 0 || st === STEPS.length - 1 ? null : 'a lockout is already in progress';
          }
          return stepOf(c) === i ? null : reasons[name]!;
        },
        (_a, c) => c.store.set(this.h.loto_step!, name === 'act.unlock' ? 0 : i + 1),
      );
    });
    act(
      'act.diag',
      'Mesure de diagnostic',
      'Diagnostic measurement',
      'maintenance',
      z.strictObject({
        target: z.enum(['z2_heater', 'check_ring', 'circuit_b2']),
        measurement: z.enum(['resistance', 'repeatability_test', 'flow_dT']),
      }),
      (a, c) =>
        a.target === 'z2_heater' && stepOf(c) !== 6 ? 'a heater is measured under a verified lockout' : null,
      (a) => ({
        target: a.target,
        value: a.target === 'z2_heater' ? 64 : 0.5,
        unit: a.target === 'z2_heater' ? 'Ω' : '%',
      }),
      TECH,
    );
  }

  step(_ctx: StepContext): void {}
  snapshot(): unknown {
    return {};
  }
  restore(_state: unknown): void {}
}

/** The HMI test cell of a station. */
export const hmiModels: ModelFactory = (station) => [
  new HmiImm(station),
  new HmiMouldTcu('mould'),
  new HmiMouldTcu('tcu1'),
  new HmiSafety(),
];
