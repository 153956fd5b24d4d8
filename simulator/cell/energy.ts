/**
 * Energy meters (domain-model §1.1, §3.14, F21): machine (barrel heaters + servo-hydraulic drive + hot
 * runner), with sub-meters for heaters and drive, the two TCUs, the dryer, robot + conveyor + vision + laser,
 * auxiliaries, and the cell total. kW at 1 Hz with 1 % noise, kWh counters integrated from the true power.
 * A cell demand above 20 kW raises the peak-demand warning (F21 c).
 */
import type { BindContext, Model, StepContext } from '../kernel/model.ts';
import type { SignalDefInput } from '../kernel/signal-schema.ts';
import type { AmbientModel } from './ambient.ts';
import type { ConveyorModel } from './conveyor.ts';
import type { DryerModel } from './dryer.ts';
import type { HotRunnerModel } from './hotrunner.ts';
import type { ImmModel } from './imm/imm.ts';
import type { LaserModel } from './laser.ts';
import { MODBUS_BLOCKS } from './modbus-plan.ts';
import type { RobotModel } from './robot.ts';
import { Alarms, Noise, quant, SignalBuilder } from './signals.ts';
import type { TcuModel } from './tcu.ts';

export const AUX_W = 150;
export const VISION_W = 50;
export const CONSUMERS = [
  'heaters',
  'drive',
  'hotrunner',
  'tcu1',
  'tcu2',
  'dryer',
  'robot',
  'conveyor',
  'vision',
  'laser',
  'aux',
] as const;
export type Consumer = (typeof CONSUMERS)[number];
export const METERS = [
  'machine',
  'machine_heaters',
  'machine_drive',
  'tcu',
  'dryer',
  'periphery',
  'cell',
] as const;
const METER_PATH: Record<(typeof METERS)[number], string> = {
  machine: 'Machine',
  machine_heaters: 'MachineHeaters',
  machine_drive: 'MachineDrive',
  tcu: 'TemperatureControlUnits',
  dryer: 'Dryer',
  periphery: 'RobotConveyorVision',
  cell: 'Cell',
};

export class EnergyModel implements Model {
  readonly id = 'energy';
  private h: Record<string, number> = {};
  private noise!: Noise;
  private imm!: ImmModel;
  private hr: HotRunnerModel | undefined;
  private tcu!: [TcuModel, TcuModel];
  private dryer!: DryerModel;
  private robot!: RobotModel;
  private conveyor!: ConveyorModel;
  private laser!: LaserModel;
  private ambient!: AmbientModel;
  private t = 0;
  readonly alarms = new Alarms({
    PEAK_DEMAND: { severity: 'warning', fr: 'Appel de puissance élevé', en: 'Peak power demand' },
  });

  /** cumulative energy per consumer, J (read by the IMM at cycle boundaries) */
  cumulative(out: Record<Consumer, number>): Record<Consumer, number> {
    out.heaters = this.imm.heaterEnergyJ;
    out.drive = this.imm.driveEnergyJ;
    out.hotrunner = this.hr ? this.hr.s.energyJ : 0;
    out.tcu1 = this.tcu[0].s.energyJ;
    out.tcu2 = this.tcu[1].s.energyJ;
    out.dryer = this.dryer.s.energyJ;
    out.robot = this.robot.s.energyJ;
    out.conveyor = this.conveyor.s.energyJ;
    out.vision = VISION_W * this.imm.clockS;
    out.laser = this.laser.energy;
    out.aux = AUX_W * this.imm.clockS;
    return out;
  }

  declare(): SignalDefInput[] {
    const b = new SignalBuilder('energy', 'DeviceSet/EnergyMeters_1', MODBUS_BLOCKS.energy);
    const names: Record<string, { fr: string; en: string }> = {
      machine: { fr: 'machine', en: 'machine' },
      machine_heaters: { fr: 'chauffes machine', en: 'machine heaters' },
      machine_drive: { fr: 'entraînement machine', en: 'machine drive' },
      tcu: { fr: 'thermorégulateurs', en: 'TCUs' },
      dryer: { fr: 'sécheur', en: 'dryer' },
      periphery: { fr: 'robot, convoyeur, vision', en: 'robot, conveyor, vision' },
      cell: { fr: 'cellule', en: 'cell' },
    };
    for (const m of METERS) {
      const n = names[m]!;
      b.measurement(
        `${m}.power`,
        { fr: `Puissance ${n.fr}`, en: `Power, ${n.en}` },
        'kW',
        { min: 0, max: 100 },
        `${METER_PATH[m]}/ActivePower`,
        { sigma: 0.05 },
      ).measurement(
        `${m}.energy`,
        { fr: `Énergie ${n.fr}`, en: `Energy, ${n.en}` },
        'kWh',
        { min: 0, max: 1e7 },
        `${METER_PATH[m]}/ActiveEnergy`,
      );
    }
    b.measurement(
      'machine.voltage',
      { fr: 'Tension machine', en: 'Machine voltage' },
      'V',
      { min: 0, max: 500 },
      'Machine/Voltage',
      { sigma: 1 },
    ).measurement(
      'machine.current',
      { fr: 'Courant machine', en: 'Machine current' },
      'A',
      { min: 0, max: 200 },
      'Machine/Current',
      { sigma: 0.2 },
    );
    return b.list;
  }

  bind(ctx: BindContext): void {
    for (const m of METERS) {
      this.h[`${m}.power`] = ctx.handle(`energy.${m}.power`);
      this.h[`${m}.energy`] = ctx.handle(`energy.${m}.energy`);
    }
    this.h.voltage = ctx.handle('energy.machine.voltage');
    this.h.current = ctx.handle('energy.machine.current');
    this.noise = new Noise(ctx.stream('tags'));
    this.imm = ctx.model<ImmModel>('imm');
    try {
      this.hr = ctx.model<HotRunnerModel>('hotrunner');
    } catch {
      this.hr = undefined;
    }
    this.tcu = [ctx.model<TcuModel>('tcu1'), ctx.model<TcuModel>('tcu2')];
    this.dryer = ctx.model<DryerModel>('dryer');
    this.robot = ctx.model<RobotModel>('robot');
    this.conveyor = ctx.model<ConveyorModel>('conveyor');
    this.laser = ctx.model<LaserModel>('laser');
    this.ambient = ctx.model<AmbientModel>('ambient');
  }

  private readonly cum = Object.fromEntries(CONSUMERS.map((c) => [c, 0])) as Record<Consumer, number>;

  step(ctx: StepContext): void {
    this.t = ctx.t;
    const heaters = this.imm.heaterW;
    const drive = this.imm.driveW;
    const hr = this.hr ? this.hr.powerW : 0;
    const tcu = this.tcu[0].powerW + this.tcu[1].powerW;
    const dryer = this.dryer.powerW;
    const peri = this.robot.powerW + this.conveyor.powerW + VISION_W + this.laser.powerW;
    const machine = heaters + drive + hr;
    const cell = machine + tcu + dryer + peri + AUX_W;
    this.alarms.set(ctx, 'PEAK_DEMAND', cell > 20000);
    if (ctx.tick % 10 !== 0) return; // 1 Hz (§7.2)
    const st = ctx.store;
    const n = this.noise;
    n.begin();
    const c = this.cumulative(this.cum);
    const kwh = (j: number) => Math.round((j / 3.6e6) * 1e5) / 1e5;
    const e = {
      machine: c.heaters + c.drive + c.hotrunner,
      machine_heaters: c.heaters,
      machine_drive: c.drive,
      tcu: c.tcu1 + c.tcu2,
      dryer: c.dryer,
      periphery: c.robot + c.conveyor + c.vision + c.laser,
      cell: 0,
    };
    e.cell = e.machine + e.tcu + e.dryer + e.periphery + c.aux;
    const p = { machine, machine_heaters: heaters, machine_drive: drive, tcu, dryer, periphery: peri, cell };
    for (const m of METERS) {
      st.set(this.h[`${m}.power`]!, quant(Math.max(0, (p[m] / 1000) * (1 + 0.01 * n.g())), 0.01));
      st.set(this.h[`${m}.energy`]!, kwh(e[m]));
    }
    const v = 400 * this.ambient.voltage;
    st.set(this.h.voltage!, quant(v + n.g(), 0.1));
    st.set(this.h.current!, quant(machine / (Math.sqrt(3) * v * 0.95) + 0.2 * n.g(), 0.1));
  }

  snapshot(): unknown {
    return { t: this.t, alarms: [...this.alarms.active] };
  }

  restore(state: unknown): void {
    const x = state as { t: number; alarms: string[] };
    this.t = x.t;
    this.alarms.active = [...x.alarms];
  }
}
