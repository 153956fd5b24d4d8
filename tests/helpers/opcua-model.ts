/**
 * A small EUROMAP-shaped cell for the OPC UA tests: browse paths as standards.md §1.11 writes them,
 * every data type of the signal model, set points with ranges, a trainer-only canary, the job actions
 * the MES will register, and one cycle-end record every `cycleTicks` ticks.
 */
import { z } from 'zod';
import type { BindContext, Model, StepContext } from '../../simulator/kernel/model.ts';
import type { SignalDefInput } from '../../simulator/kernel/signal-schema.ts';

/** Values only a trainer may ever see: a candidate finding them anywhere is a leak. */
export const CANARY_TEXT = 'CANARY-7f3a9c-hidden-truth';
export const CANARY_NUMBER = 987654.321;

const R = ['operator', 'technician', 'trainer'] as const;
const ro = { read: [...R] };
const tech = { read: [...R], write: ['technician', 'trainer'] as ('technician' | 'trainer')[] };

type Sig = Omit<SignalDefInput, 'label' | 'access' | 'visibility'> & {
  access?: SignalDefInput['access'];
  visibility?: 'candidate' | 'trainer';
};
const sig = (s: Sig): SignalDefInput => ({
  label: { fr: s.id, en: s.id },
  access: ro,
  visibility: 'candidate',
  ...s,
});
const ua = (browsePath: string) => ({ opcua: { browsePath } });
const IMM = 'DeviceSet/IMM_1';
const ZONE = (n: number) => `${IMM}/InjectionUnits/InjectionUnit_1/TemperatureZones/TemperatureZone_${n}`;

export class OpcuaTestCell implements Model {
  readonly id = 'imm';
  private h: Record<string, number> = {};
  private cycles = 0;
  private good = 0;
  private running = false;
  private readonly cycleTicks: number;
  messages: string[] = [];
  jobData: unknown[] = [];

  constructor(cycleTicks = 5) {
    this.cycleTicks = cycleTicks;
  }

  declare(): SignalDefInput[] {
    return [
      sig({
        id: 'machine_mode',
        type: 'enum',
        // not EUROMAP's order: the adapter maps by name (automatic → AUTOMATIC = 1)
        enumValues: ['manual', 'semi_automatic', 'automatic', 'setup'],
        kind: 'state',
        initial: 2,
        channels: ua(`${IMM}/MachineStatus/MachineMode`),
      }),
      sig({
        id: 'production_status',
        type: 'enum',
        enumValues: ['OTHER', 'NO_PRODUCTION', 'START_UP', 'READY_FOR_PRODUCTION', 'PRODUCTION', 'DRY_RUN'],
        kind: 'state',
        initial: 4,
        channels: ua(`${IMM}/MachineMESStatus/ProductionControl/ProductionStatus`),
      }),
      // no EUROMAP enumeration: Int32/UInt32 with EnumStrings
      sig({
        id: 'cycle_phase',
        type: 'enum',
        enumValues: ['idle', 'injecting', 'holding', 'cooling'],
        kind: 'state',
        initial: 2,
        channels: ua(`${IMM}/MachineStatus/CyclePhase`),
      }),
      sig({
        id: 'auto_run',
        type: 'bool',
        kind: 'state',
        channels: ua(`${IMM}/MachineMESStatus/ProductionControl/AutomaticRunEnabled`),
      }),
      ...[1, 2].flatMap((n): SignalDefInput[] => [
        sig({
          id: `zone${n}.temp_actual`,
          type: 'float',
          unit: '°C',
          range: { min: 0, max: 400 },
          kind: 'measurement',
          initial: 200,
          channels: ua(`${ZONE(n)}/ActualTemperature`),
        }),
        sig({
          id: `zone${n}.temp_set`,
          type: 'float',
          unit: '°C',
          range: { min: 0, max: 350 },
          kind: 'setpoint',
          initial: 220,
          access: tech,
          channels: ua(`${ZONE(n)}/NominalTemperature`),
        }),
      ]),
      sig({
        id: 'mould.zone1_actual',
        type: 'float',
        unit: '°C',
        range: { min: 0, max: 200 },
        kind: 'measurement',
        initial: 40,
        channels: ua(`${IMM}/Moulds/Mould_1/TemperatureZones/TemperatureZone_1/ActualTemperature`),
      }),
      sig({
        id: 'screw_rpm_limit',
        type: 'int',
        unit: 'rpm',
        range: { min: 0, max: 300 },
        kind: 'parameter',
        initial: 120,
        access: { read: [...R], write: ['operator'] },
        channels: ua(`${IMM}/InjectionUnits/InjectionUnit_1/ScrewSpeedLimit`),
      }),
      sig({
        id: 'job_cycle_counter',
        type: 'int',
        kind: 'counter',
        channels: ua(`${IMM}/Jobs/ActiveJobValues/JobCycleCounter`),
      }),
      sig({
        id: 'job_good_parts',
        type: 'int',
        kind: 'counter',
        channels: ua(`${IMM}/Jobs/ActiveJobValues/JobGoodPartsCounter`),
      }),
      sig({
        id: 'last_cycle_time',
        type: 'float',
        unit: 's',
        range: { min: 0, max: 600 },
        kind: 'measurement',
        channels: ua(`${IMM}/Jobs/ActiveJobValues/LastCycleTime`),
      }),
      sig({
        id: 'job_name',
        type: 'string',
        kind: 'state',
        initial: 'JOB-0001',
        channels: ua(`${IMM}/Jobs/ActiveJob/JobName`),
      }),
      sig({
        id: 'tcu1.supply_actual',
        type: 'float',
        unit: '°C',
        range: { min: 0, max: 160 },
        kind: 'measurement',
        initial: 45,
        channels: ua('DeviceSet/TCU_1/DeviceZone/Temperature/ActualValue'),
      }),
      sig({
        id: 'tcu1.supply_set',
        type: 'float',
        unit: '°C',
        range: { min: 10, max: 140 },
        kind: 'setpoint',
        initial: 45,
        access: tech,
        channels: ua('DeviceSet/TCU_1/DeviceZone/Temperature/SetValue'),
      }),
      sig({
        id: 'tcu1.mode',
        type: 'enum',
        enumValues: ['OTHER', 'READY_TO_OPERATE', 'NORMAL_OPERATION'],
        kind: 'state',
        initial: 2,
        channels: ua('DeviceSet/TCU_1/Operation/OperatingMode'),
      }),
      sig({
        id: 'hrd.zone1_actual',
        type: 'float',
        unit: '°C',
        range: { min: 0, max: 350 },
        kind: 'measurement',
        initial: 230,
        channels: ua('DeviceSet/HRD_1/Zones/Zone_1/Temperature/ActualValue'),
      }),
      ...(['X', 'Y', 'Z'] as const).map((a) =>
        sig({
          id: `robot.${a.toLowerCase()}`,
          type: 'float',
          unit: 'mm',
          range: { min: 0, max: 2000 },
          kind: 'measurement',
          channels: ua(
            `DeviceSet/Robot_1/MotionDevices/MotionDevice_1/Axes/${a}/ParameterSet/ActualPosition`,
          ),
        }),
      ),
      sig({
        id: 'dryer.dew_point',
        type: 'float',
        unit: '°C',
        range: { min: -60, max: 20 },
        kind: 'measurement',
        initial: -40,
        channels: ua('DeviceSet/Dryer_1/DewPoint'),
      }),
      sig({
        id: 'energy.power',
        type: 'float',
        unit: 'kW',
        range: { min: 0, max: 100 },
        kind: 'measurement',
        initial: 12,
        channels: ua('DeviceSet/EnergyMeter_1/ActivePower'),
      }),
      // a stale-capable sensor (F22): the tests freeze it
      sig({
        id: 'mould.cavity_temp',
        type: 'float',
        unit: '°C',
        range: { min: 0, max: 200 },
        kind: 'measurement',
        initial: 50,
        channels: ua(`${IMM}/Moulds/Mould_1/CavityTemperature`),
      }),
      // hidden truth: no channel, trainer only
      sig({
        id: 'fault.secret_text',
        type: 'string',
        kind: 'parameter',
        initial: CANARY_TEXT,
        visibility: 'trainer',
        access: { read: ['trainer'] },
      }),
      sig({
        id: 'fault.secret_value',
        type: 'float',
        kind: 'parameter',
        initial: CANARY_NUMBER,
        visibility: 'trainer',
        access: { read: ['trainer'] },
      }),
    ];
  }

  bind(ctx: BindContext): void {
    for (const s of ctx.registry.signals) this.h[s.key.slice(4)] = s.index;
    const roles = ['operator', 'technician', 'trainer', 'mes'] as (
      | 'operator'
      | 'technician'
      | 'trainer'
      | 'mes'
    )[];
    const simple = (name: string, apply: () => void, check?: () => string | null) =>
      ctx.registerAction({
        name,
        roles,
        args: z.strictObject({}),
        ...(check ? { check } : {}),
        apply,
      });
    simple(
      'job.start',
      () => {
        this.running = true;
      },
      () => (this.running ? 'a job is already running' : null),
    );
    simple('job.interrupt', () => {
      this.running = false;
    });
    simple('job.finish', () => {
      this.running = false;
    });
    simple('job.reset_counters', () => {
      this.cycles = 0;
      this.good = 0;
    });
    simple('production.enable_automatic_run', () => ctx.store.setBool(this.h.auto_run!, true));
    simple('production.disable_automatic_run', () => ctx.store.setBool(this.h.auto_run!, false));
    ctx.registerAction({
      name: 'mes.set_message',
      roles,
      args: z.strictObject({ message: z.string().max(100) }),
      apply: (a) => {
        this.messages.push(a.message);
      },
    });
    ctx.registerAction({
      name: 'job.set_cyclic_job_data',
      roles,
      args: z.strictObject({
        JobName: z.string().min(1),
        JobDescription: z.string(),
        CustomerName: z.string(),
        Material: z.array(z.string()),
        ProductName: z.array(z.string()),
        ProductDescription: z.array(z.string()),
        ProductionDatasetName: z.string(),
        ProductionDatasetDescription: z.string(),
        ContinueAtJobEnd: z.boolean(),
        NominalParts: z.number().int().min(1),
        NominalBoxParts: z.number().int().min(0).optional(),
        ExpectedCycleTime: z.number().min(0).optional(),
        MouldId: z.string().optional(),
        NumCavities: z.number().int().min(1),
      }),
      apply: (a) => {
        this.jobData.push(a);
        ctx.store.setStr(this.h.job_name!, a.JobName);
      },
    });
  }

  step(ctx: StepContext): void {
    const s = ctx.store;
    const h = this.h;
    // a changing measurement every tick (subscriptions see it move)
    s.set(h['zone1.temp_actual']!, 200 + (ctx.tick % 50) / 10);
    s.set(h['robot.x']!, (ctx.tick * 7) % 1000);
    if (ctx.tick % this.cycleTicks === 0) {
      this.cycles++;
      this.good++;
      s.set(h.job_cycle_counter!, this.cycles);
      s.set(h.job_good_parts!, this.good);
      s.set(h.last_cycle_time!, 25.5);
      // the ShotRecord's shape (simulator/cell/shot-record.ts): times in s, EUROMAP 77 set in `euromap77`;
      // the job counters are not in it (the event takes them from the signals)
      ctx.cycleEnd({
        shot_id: this.cycles,
        job: s.getStr(h.job_name!),
        cycle_time: 25.5,
        cycle_quality: 'GOOD_CYCLE',
        euromap77: {
          Index: 1,
          CushionVolume: 3.2,
          DosingTime: 4.1,
          InjectionTime: 0.9,
          PlastificationVolume: 25,
          SpecificPressureMaximum: 1200,
          VPChangeOverPosition: 12.5,
          TransferSpecificPressure: 800,
          HoldSpecificPressureMaximum: 600,
          BackPressure: 80,
          CavityPressureMaximum: 450,
        },
        // hidden truth travels in the record too: the event must never carry it
        faultSeverity: CANARY_NUMBER,
      });
    }
  }

  snapshot(): unknown {
    return { cycles: this.cycles, good: this.good, running: this.running };
  }

  restore(state: unknown): void {
    Object.assign(this, state as object);
  }
}
