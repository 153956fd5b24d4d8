/**
 * Belt conveyor, 10 m/min, 0.18 kW, end photo-eye (domain-model §1.1, §3.13, F18). A jam holds the belt:
 * motor current +80 %, overload trip after 3 s; parts pile up at the place position so the robot cannot
 * place, and the IMM waits for the robot; the end photo-eye blocked > 5 s raises its own alarm.
 */
import { z } from 'zod';
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import { type ConveyorFaults, nominalConveyorFaults } from './fault-surface.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import { Alarms, Noise, OP_WRITE, quant, SignalBuilder } from './signals.ts';

export const BELT_LENGTH_M = 3;
export const PART_LENGTH_M = 0.13;
export const MOTOR_W = 180;
export const CURRENT_NOM_A = 0.5;

export interface ConveyorState {
  parts: number[];
  tripped: boolean;
  overloadSince: number;
  eyeBlockedSince: number;
  speed: number;
  current: number;
  delivered: number;
  energyJ: number;
}

export class ConveyorModel implements Model {
  readonly id = 'conveyor';
  faults: ConveyorFaults = nominalConveyorFaults();
  s: ConveyorState = {
    parts: [],
    tripped: false,
    overloadSince: -1,
    eyeBlockedSince: -1,
    speed: 0,
    current: 0,
    delivered: 0,
    energyJ: 0,
  };
  private h: Record<string, number> = {};
  private noise!: Noise;
  readonly alarms = new Alarms({
    OVERLOAD: {
      severity: 'alarm',
      fr: 'Convoyeur : surcharge moteur (disjoncté)',
      en: 'Conveyor: motor overload trip',
    },
    PHOTOEYE_BLOCKED: {
      severity: 'alarm',
      fr: 'Convoyeur : cellule de fin occultée',
      en: 'Conveyor: end photo-eye blocked',
    },
  });

  get powerW(): number {
    return this.s.current > 0 ? MOTOR_W * (this.s.current / CURRENT_NOM_A) * 0.8 : 0;
  }

  /** the place position is clear */
  placeFree(): boolean {
    for (const p of this.s.parts) if (p < PART_LENGTH_M * 1.2) return false;
    return true;
  }

  placePart(_t: number): void {
    this.s.parts.push(0);
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('conveyor', 'DeviceSet/Conveyor_1', MODBUS_BLOCKS.conveyor);
    b.bool('run', { fr: 'Marche convoyeur', en: 'Conveyor run' }, true, 'Operation/Run', {
      write: OP_WRITE,
      kind: 'setpoint',
    })
      .setpoint(
        'speed_sp',
        { fr: 'Consigne vitesse convoyeur', en: 'Conveyor speed set point' },
        'm/min',
        { min: 1, max: 30 },
        10,
        'ProcessSetpoints/Speed',
      )
      .measurement(
        'speed',
        { fr: 'Vitesse convoyeur', en: 'Conveyor speed' },
        'm/min',
        { min: 0, max: 40 },
        'Speed',
      )
      .measurement(
        'motor_current',
        { fr: 'Courant moteur convoyeur', en: 'Conveyor motor current' },
        'A',
        { min: 0, max: 5 },
        'MotorCurrent',
        { sigma: 0.01 },
      )
      .bool('photo_eye', { fr: 'Cellule de fin occultée', en: 'End photo-eye blocked' }, false, 'EndPhotoEye')
      .bool('tripped', { fr: 'Moteur disjoncté', en: 'Motor tripped' }, false, 'MotorTripped')
      .counter('parts_delivered', { fr: 'Pièces évacuées', en: 'Parts delivered' }, 'PartsDelivered');
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const k of ['run', 'speed_sp', 'speed', 'motor_current', 'photo_eye', 'tripped', 'parts_delivered'])
      this.h[k] = ctx.handle(`conveyor.${k}`);
    this.noise = new Noise(ctx.stream('tags'));
    ctx.registerAction({
      name: 'conveyor.reset',
      label: { fr: 'Réarmer le convoyeur', en: 'Reset the conveyor' },
      roles: ['operator', 'technician', 'maintenance', 'trainer'],
      args: z.strictObject({}),
      check: () => (this.faults.jam ? 'the belt is still jammed: clear the jam first' : null),
      apply: () => {
        this.s.tripped = false;
        this.s.overloadSince = -1;
        return { tripped: false };
      },
    });
  }

  step(ctx: StepContext): void {
    const st = ctx.store;
    const s = this.s;
    const run = st.getBool(this.h.run!) && !s.tripped;
    const sp = st.get(this.h.speed_sp!);
    const jam = this.faults.jam;
    s.speed = run && !jam ? sp : 0;
    s.current = run ? CURRENT_NOM_A * (jam ? 1.8 : 1 + 0.02 * s.parts.length) : 0;
    if (run && jam) {
      if (s.overloadSince < 0) s.overloadSince = ctx.t;
      if (ctx.t - s.overloadSince >= 3) s.tripped = true;
    } else s.overloadSince = -1;
    const dx = (s.speed / 60) * ctx.dt;
    let eye = false;
    // parts move with the belt (in place, no allocation per tick) and fall off at the end
    let k = 0;
    for (let i = 0; i < s.parts.length; i++) {
      const np = s.parts[i]! + dx;
      if (np >= BELT_LENGTH_M) s.delivered++;
      else {
        s.parts[k++] = np;
        if (np >= BELT_LENGTH_M - PART_LENGTH_M) eye = true;
      }
    }
    s.parts.length = k;
    // a jam at the transfer holds a part on the end photo-eye
    if (jam) eye = true;
    if (eye) {
      if (s.eyeBlockedSince < 0) s.eyeBlockedSince = ctx.t;
    } else s.eyeBlockedSince = -1;
    s.energyJ += this.powerW * ctx.dt;
    this.alarms.set(ctx, 'OVERLOAD', s.tripped);
    this.alarms.set(ctx, 'PHOTOEYE_BLOCKED', s.eyeBlockedSince >= 0 && ctx.t - s.eyeBlockedSince > 5);
    st.setBool(this.h.photo_eye!, eye);
    st.setBool(this.h.tripped!, s.tripped);
    st.set(this.h.parts_delivered!, s.delivered);
    if (ctx.tick % 10 !== 5) return; // 1 Hz
    const n = this.noise;
    n.begin();
    st.set(this.h.speed!, quant(s.speed, 0.1));
    st.set(this.h.motor_current!, quant(s.current > 0 ? s.current + 0.01 * n.g() : 0, 0.01));
  }

  snapshot(): unknown {
    return structuredClone({ s: this.s, faults: this.faults, alarms: this.alarms.active });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as { s: ConveyorState; faults: ConveyorFaults; alarms: string[] };
    this.s = x.s;
    this.faults = x.faults;
    this.alarms.active = x.alarms;
  }
}
