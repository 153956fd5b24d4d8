/**
 * 2-drop hot runner (domain-model §3.12, F19; data model OPC 40082-2 HRD): manifold + 2 drops, each with the
 * barrel-zone equations (§3.1) at smaller capacity. A drop sits between the manifold (≈ 1.2 W/K) and the
 * cavity plate (≈ 0.4 W/K): with its heater off it settles near 185 °C in 3–6 min (F19). The melt resting
 * in a drop between shots takes its temperature, so a cold drop throttles its cavity (flow split ∝ 1/R_k).
 * Zone 1 = manifold, zone 2 = drop A (cavity 1), zone 3 = drop B (cavity 2).
 */
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import type { AmbientModel } from './ambient.ts';
import { type HotRunnerFaults, nominalHotRunnerFaults } from './fault-surface.ts';
import type { Material } from './materials.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import type { MouldModel } from './mould.ts';
import { controlZone, newZone, TC_UPSCALE, type ZoneCtl } from './physics/heater-zone.ts';
import { lnEta0 } from './physics/viscosity.ts';
import { Alarms, Noise, OP_WRITE, quant, SignalBuilder } from './signals.ts';

export const HR_C = [3000, 350, 350] as const;
export const HR_P = [2000, 150, 150] as const;
/** manifold: insulation to air and supports to the mould; drop ↔ manifold; drop ↔ cavity plate, W/K */
export const HR_G_MANIFOLD_AIR = 4;
export const HR_G_MANIFOLD_MOULD = 2;
export const HR_G_DROP_MANIFOLD = 1.2;
export const HR_G_DROP_MOULD = 0.4;
/**
 * share of a cavity's flow resistance that follows the drop temperature [A]: the melt resting in the drop
 * between shots is the first to flow and the pack flows through it, so the cavity sees the drop's viscosity
 */
export const HR_DROP_SHARE = 1;
export const HR_ZONE_STATUS = [
  'OTHER',
  'GOOD',
  'SENSOR_FAULT',
  'TEMPERATURE_SENSOR_BROKEN',
  'HEATER_FAULT',
  'OVER_TEMPERATURE',
  'UNDER_TEMPERATURE',
  'FUSE_BROKEN',
  'SHORT_CIRCUIT',
  'LEAKAGE_DETECTED',
] as const;

export interface HotRunnerState {
  zones: ZoneCtl[];
  energyJ: number;
}

export class HotRunnerModel implements Model {
  readonly id = 'hotrunner';
  faults: HotRunnerFaults = nominalHotRunnerFaults();
  s: HotRunnerState;
  private h: Record<string, number> = {};
  private noise!: Noise;
  private ambient!: AmbientModel;
  private mould!: MouldModel;
  private readonly sp: number;
  private powerNow = 0;
  readonly alarms: Alarms;

  constructor(spC: number, start: 'production' | 'cold') {
    this.sp = spC;
    const t = start === 'production' ? spC : 25;
    this.s = { zones: [newZone(t), newZone(t), newZone(t)], energyJ: 0 };
    const defs: Record<string, { severity: 'alarm'; fr: string; en: string }> = {};
    for (let i = 1; i <= 3; i++) {
      defs[`ZONE_DEV_${i}`] = {
        severity: 'alarm',
        fr: `Canal chaud zone ${i} : écart de température`,
        en: `Hot runner zone ${i}: temperature deviation`,
      };
      defs[`TC_OPEN_${i}`] = {
        severity: 'alarm',
        fr: `Canal chaud zone ${i} : thermocouple coupé`,
        en: `Hot runner zone ${i}: thermocouple open`,
      };
    }
    this.alarms = new Alarms(defs);
  }

  get powerW(): number {
    return this.powerNow;
  }

  /** heat a drop hands to the cavity plate, W (split between the two halves of its cavity by the mould) */
  dropHeatToMouldW(k: number): number {
    return HR_G_DROP_MOULD * (this.s.zones[1 + k]!.t - (this.mould ? this.mould.gateWallC(k) : 48));
  }

  /** relative flow resistance of each cavity's path through its drop (1 at the melt temperature) */
  dropRvi(m: Material, tMelt: number, k: number): number {
    const td = this.s.zones[1 + k]!.t;
    const r = Math.exp(m.n * (lnEta0(m, td) - lnEta0(m, tMelt)));
    return 1 - HR_DROP_SHARE + HR_DROP_SHARE * r;
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('hotrunner', 'DeviceSet/HRD_1', MODBUS_BLOCKS.hotrunner);
    const names = [
      { fr: 'répartiteur', en: 'manifold' },
      { fr: 'buse A', en: 'drop A' },
      { fr: 'buse B', en: 'drop B' },
    ];
    for (let i = 1; i <= 3; i++) {
      const n = names[i - 1]!;
      const z = `Zones/Zone_${i}`;
      b.measurement(
        `zone${i}.temp_actual`,
        { fr: `Température ${n.fr}`, en: `${n.en} temperature` },
        '°C',
        { min: 0, max: 500 },
        `${z}/Temperature/ActualValue`,
        { sigma: 0.5 },
      )
        .setpoint(
          `zone${i}.temp_sp`,
          { fr: `Consigne ${n.fr}`, en: `${n.en} set point` },
          '°C',
          { min: 0, max: 350 },
          this.sp,
          `${z}/Temperature/SetValue`,
        )
        .measurement(
          `zone${i}.output_pct`,
          { fr: `Sortie ${n.fr}`, en: `${n.en} output` },
          '%',
          { min: 0, max: 100 },
          `${z}/Controller/ActualOutput`,
          { sigma: 1 },
        )
        .measurement(
          `zone${i}.current`,
          { fr: `Courant ${n.fr}`, en: `${n.en} load current` },
          'A',
          { min: 0, max: 20 },
          `${z}/Controller/LoadCurrent`,
          { sigma: 0.05 },
        )
        .enumeration(
          `zone${i}.status`,
          { fr: `État ${n.fr}`, en: `${n.en} status` },
          HR_ZONE_STATUS,
          1,
          `${z}/ZoneStatus`,
        );
    }
    b.bool(
      'enable_power',
      { fr: 'Canal chaud sous tension', en: 'Hot runner power enabled' },
      true,
      'Operation/EnablePower',
      { write: OP_WRITE, kind: 'setpoint' },
    );
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (let i = 1; i <= 3; i++) {
      for (const k of ['temp_actual', 'temp_sp', 'output_pct', 'current', 'status'])
        this.h[`${i}.${k}`] = ctx.handle(`hotrunner.zone${i}.${k}`);
    }
    this.h.enable = ctx.handle('hotrunner.enable_power');
    this.noise = new Noise(ctx.stream('tags'));
    this.ambient = ctx.model<AmbientModel>('ambient');
    this.mould = ctx.model<MouldModel>('mould');
  }

  /** Pre-settle at set point (production start). */
  settle(sp: readonly number[], mouldC: number): void {
    for (let k = 0; k < 3; k++) {
      const z = this.s.zones[k]!;
      z.t = sp[k]!;
      z.pvf = sp[k]!;
    }
    const m = this.s.zones[0]!;
    const loss = HR_G_MANIFOLD_AIR * (m.t - 25) + HR_G_MANIFOLD_MOULD * (m.t - mouldC);
    m.integ = loss / HR_P[0]!;
    for (let k = 1; k < 3; k++) {
      const d = this.s.zones[k]!;
      d.integ = (HR_G_DROP_MOULD * (d.t - mouldC) + HR_G_DROP_MANIFOLD * (d.t - m.t)) / HR_P[k]!;
    }
  }

  step(ctx: StepContext): void {
    const st = ctx.store;
    const dt = ctx.dt;
    const z = this.s.zones;
    const on = st.getBool(this.h.enable!);
    const v2 = this.ambient.voltage ** 2;
    const tAmb = this.ambient.s.tC;
    const tm = this.mould.fixedC;
    let power = 0;
    const t0 = z[0]!.t;
    const t1 = z[1]!.t;
    const t2 = z[2]!.t;
    for (let k = 0; k < 3; k++) {
      const sp = st.get(this.h[`${k + 1}.temp_sp`]!);
      const open = this.faults.tcOpen[k]!;
      controlZone(z[k]!, sp, z[k]!.t, open, on, dt, k === 0 ? 0.05 : 0.1, k === 0 ? 200 : 80);
    }
    const p = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      p[k] = z[k]!.u * HR_P[k]! * this.faults.heaterHealth[k]! * v2;
      power += p[k]!;
    }
    z[0]!.t =
      t0 +
      ((p[0]! -
        HR_G_MANIFOLD_AIR * (t0 - tAmb) -
        HR_G_MANIFOLD_MOULD * (t0 - tm) -
        HR_G_DROP_MANIFOLD * (2 * t0 - t1 - t2)) *
        dt) /
        HR_C[0]!;
    z[1]!.t =
      t1 +
      ((p[1]! - HR_G_DROP_MOULD * (t1 - this.mould.gateWallC(0)) - HR_G_DROP_MANIFOLD * (t1 - t0)) * dt) /
        HR_C[1]!;
    z[2]!.t =
      t2 +
      ((p[2]! - HR_G_DROP_MOULD * (t2 - this.mould.gateWallC(1)) - HR_G_DROP_MANIFOLD * (t2 - t0)) * dt) /
        HR_C[2]!;
    this.powerNow = power;
    this.s.energyJ += power * dt;
    for (let k = 0; k < 3; k++) {
      const sp = st.get(this.h[`${k + 1}.temp_sp`]!);
      this.alarms.set(ctx, `TC_OPEN_${k + 1}`, this.faults.tcOpen[k]!);
      this.alarms.set(ctx, `ZONE_DEV_${k + 1}`, on && !this.faults.tcOpen[k]! && Math.abs(z[k]!.t - sp) > 15);
    }
    if (ctx.tick % 10 !== 7) return; // 1 Hz (§7.2)
    const n = this.noise;
    n.begin();
    for (let k = 0; k < 3; k++) {
      const i = k + 1;
      const open = this.faults.tcOpen[k]!;
      const hT = this.h[`${i}.temp_actual`]!;
      if (open) {
        st.set(hT, TC_UPSCALE);
        st.setQuality(hT, 2);
      } else st.set(hT, quant(z[k]!.t + 0.5 * n.g(), 0.1));
      st.set(this.h[`${i}.output_pct`]!, quant(100 * z[k]!.u, 0.1));
      st.set(this.h[`${i}.current`]!, quant((p[k]! / 230) * (1 + 0.01 * n.g()), 0.01));
      const sp = st.get(this.h[`${i}.temp_sp`]!);
      const status = open
        ? 3
        : this.faults.heaterHealth[k]! < 0.05 && z[k]!.u > 0.5
          ? 4
          : z[k]!.t < sp - 15
            ? 6
            : z[k]!.t > sp + 15
              ? 5
              : 1;
      st.set(this.h[`${i}.status`]!, status);
    }
  }

  snapshot(): unknown {
    return structuredClone({ s: this.s, faults: this.faults, p: this.powerNow, alarms: this.alarms.active });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as {
      s: HotRunnerState;
      faults: HotRunnerFaults;
      p: number;
      alarms: string[];
    };
    this.s = x.s;
    this.faults = x.faults;
    this.powerNow = x.p;
    this.alarms.active = x.alarms;
  }
}
