/**
 * Ambient air and utilities (domain-model §1.1, §3.10, §3.13, §3.14, F21, F24): hall temperature and
 * humidity with a slow daily swing, their dew point (Magnus), mains voltage, compressed-air supply and plant
 * cooling water. Published at 0.1 Hz (§7.2).
 */

import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import type { AmbientFaults } from './fault-surface.ts';
import { nominalAmbientFaults } from './fault-surface.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import { Noise, quant, SignalBuilder } from './signals.ts';

/** Magnus formula: dew point from T (°C) and RH (%). */
export function dewPoint(tC: number, rh: number): number {
  const a = 17.62;
  const b = 243.12;
  const g = Math.log(Math.max(1, rh) / 100) + (a * tC) / (b + tC);
  return (b * g) / (a - g);
}

/** Relative humidity (%) from T and dew point. */
export function humidityFromDewPoint(tC: number, dp: number): number {
  const a = 17.62;
  const b = 243.12;
  return 100 * Math.exp((a * dp) / (b + dp) - (a * tC) / (b + tC));
}

export interface AmbientState {
  tC: number;
  rh: number;
  dpC: number;
}

export class AmbientModel implements Model {
  readonly id = 'ambient';
  faults: AmbientFaults = nominalAmbientFaults();
  s: AmbientState = { tC: 25, rh: 50, dpC: dewPoint(25, 50) };
  private h: Record<string, number> = {};
  private noise!: Noise;

  /** mains voltage factor seen by the heaters (V/V_nom) */
  get voltage(): number {
    return this.faults.mainsVoltageFactor;
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('ambient', 'DeviceSet/Ambient_1', MODBUS_BLOCKS.ambient);
    b.measurement(
      'temp',
      { fr: 'Température ambiante', en: 'Ambient temperature' },
      '°C',
      { min: -10, max: 50 },
      'Temperature',
      { sigma: 0.1 },
    )
      .measurement(
        'humidity',
        { fr: 'Humidité relative', en: 'Relative humidity' },
        '%',
        { min: 0, max: 100 },
        'RelativeHumidity',
        { sigma: 0.5 },
      )
      .measurement(
        'dew_point',
        { fr: 'Point de rosée ambiant', en: 'Ambient dew point' },
        '°C',
        { min: -30, max: 40 },
        'DewPoint',
        { sigma: 0.2 },
      )
      .measurement(
        'mains_voltage',
        { fr: 'Tension réseau', en: 'Mains voltage' },
        'V',
        { min: 0, max: 500 },
        'MainsVoltage',
        { sigma: 1 },
      )
      .measurement(
        'air_pressure',
        { fr: 'Pression air comprimé', en: 'Compressed-air pressure' },
        'bar',
        { min: 0, max: 10 },
        'CompressedAirPressure',
        { sigma: 0.02 },
      )
      .measurement(
        'plant_water_temp',
        { fr: 'Température eau de refroidissement usine', en: 'Plant cooling water temperature' },
        '°C',
        { min: 0, max: 50 },
        'PlantWaterTemperature',
        { sigma: 0.1 },
      );
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const k of ['temp', 'humidity', 'dew_point', 'mains_voltage', 'air_pressure', 'plant_water_temp']) {
      this.h[k] = ctx.handle(`ambient.${k}`);
    }
    this.noise = new Noise(ctx.stream('tags'));
  }

  step(ctx: StepContext): void {
    const f = this.faults;
    // slow daily swing of the hall temperature, ±1 K over 24 h
    this.s.tC = 25 + Math.sin((2 * Math.PI * ctx.t) / 86400);
    if (f.dewPointC !== null) {
      this.s.dpC = f.dewPointC;
      this.s.rh = Math.min(100, humidityFromDewPoint(this.s.tC, f.dewPointC));
    } else {
      this.s.rh = f.humidityPct ?? 50;
      this.s.dpC = dewPoint(this.s.tC, this.s.rh);
    }
    if (ctx.tick % 100 !== 1) return; // 0.1 Hz (§7.2)
    const st = ctx.store;
    const n = this.noise;
    n.begin();
    st.set(this.h.temp!, quant(this.s.tC + 0.1 * n.g(), 0.1));
    st.set(this.h.humidity!, quant(this.s.rh + 0.5 * n.g(), 0.1));
    st.set(this.h.dew_point!, quant(this.s.dpC + 0.2 * n.g(), 0.1));
    st.set(this.h.mains_voltage!, quant(400 * f.mainsVoltageFactor + n.g(), 0.1));
    st.set(this.h.air_pressure!, quant(f.supplyAirBar + 0.02 * n.g(), 0.01));
    st.set(this.h.plant_water_temp!, quant(f.plantWaterC + 0.1 * n.g(), 0.1));
  }

  snapshot(): unknown {
    return structuredClone({ s: this.s, faults: this.faults });
  }

  restore(state: unknown): void {
    const x = structuredClone(state) as { s: AmbientState; faults: AmbientFaults };
    this.s = x.s;
    this.faults = x.faults;
  }
}
