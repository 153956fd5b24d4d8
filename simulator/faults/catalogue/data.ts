/**
 * Measurement, energy, data and cyber faults: F14 (cavity-pressure sensor), F21 (energy anomaly), F22
 * (stale communication: the measurement path freezes in the signal store), F23 (unauthorised write through
 * the command API under a foreign identity).
 */
import { Quality } from '../../kernel/signal-schema.ts';
import { intruder, SCENARIO_ACTOR, SHIFT_ACTOR } from '../actors.ts';
import type { FaultDef, FaultEnv, FaultInstance } from '../types.ts';
import { indexed, indexOf, memoNum, num, SAME, str } from './common.ts';

const SENSORS = indexed([
  'mould.cavity_sensor_a_gate',
  'mould.cavity_sensor_a_eof',
  'mould.cavity_sensor_b_gate',
  'mould.cavity_sensor_b_eof',
]);

export const F14: FaultDef = {
  id: 'F14',
  name: {
    fr: 'Dérive ou défaillance d’un capteur de pression empreinte',
    en: 'Cavity-pressure sensor drift or failure',
  },
  tags: ['Mc'],
  equipment: ['mould'],
  components: [...SENSORS, { id: 'mould.charge_amplifier', index: 0, variants: ['gain', 'offset'] }],
  defaultComponent: 'mould.cavity_sensor_a_gate',
  variants: ['gain', 'offset', 'flat_line', 'noisy'],
  defaultVariant: 'gain',
  params: {
    offset_mpa: {
      type: 'number',
      default: 3.5,
      min: -10,
      max: 10,
      unit: 'MPa',
      doc: 'offset reached (+2…+5 MPa)',
    },
    gain: { type: 'number', default: 0.8, min: 0.2, max: 2, doc: 'gain reached (gain variant)' },
    noise_mpa: { type: 'number', default: 1.5, min: 0, max: 10, unit: 'MPa', doc: 'spike σ (noisy variant)' },
  },
  severity: { default: 1, min: 0, max: 2 },
  profile: { kind: 'step' },
  time: {
    real: 'hours to weeks (amplifier drift), or a step (cable, open)',
    exam: 'step or ramp',
    signatureS: 300,
  },
  inject:
    '(b) gain × 0.8 (default); (a) offset +2…+5 MPa growing during the shot; (c) flat line 0; (d) noisy spikes',
  leading: 'cavity curve baseline ≠ 0 or scaled; every other process signal normal; false rejects',
  repairs: [
    { variants: ['offset', 'gain'], steps: [{ component: 'mould.charge_amplifier', ops: ['recalibrate'] }] },
    { steps: [{ component: SAME, ops: ['reseat', 'replace', 'recalibrate'] }] },
  ],
  apply(cell, x, inst) {
    if (x <= 0) return;
    const s = cell.mould!.faults.cavitySensors[indexOf(SENSORS, inst.component)]!;
    switch (inst.variant) {
      case 'offset':
        s.offsetMPa += x * num(inst, 'offset_mpa', 3.5);
        break;
      case 'flat_line':
        s.flatLine = true;
        break;
      case 'noisy':
        s.noiseMPa += x * num(inst, 'noise_mpa', 1.5);
        break;
      default:
        s.gain *= Math.max(0, 1 - x * (1 - num(inst, 'gain', 0.8)));
    }
  },
};

const ZONE_SP = [1, 2, 3, 4, 5].map((i) => `imm.zone${i}.temp_sp`);

/** write values through the command API, remembering what was there (memo `prev<k>`, `new<k>`) */
function writeAll(
  inst: FaultInstance,
  env: FaultEnv,
  keys: readonly string[],
  value: (prev: number) => number,
  reason: string,
) {
  keys.forEach((key, k) => {
    const prev = env.store.get(env.store.handle(key));
    const v = Math.round(value(prev) * 10) / 10;
    inst.memo[`prev${k}`] = prev;
    inst.memo[`new${k}`] = v;
    env.submit(SHIFT_ACTOR, { kind: 'write', signal: key, value: v, reason });
  });
}

/** put back what `writeAll` changed, if nobody changed it since */
function restoreAll(
  inst: FaultInstance,
  env: FaultEnv,
  keys: readonly string[],
  by: Parameters<FaultEnv['submit']>[0],
  reason: string,
) {
  keys.forEach((key, k) => {
    const prev = memoNum(inst, `prev${k}`);
    const now = env.store.get(env.store.handle(key));
    if (prev === undefined || Math.abs(now - (memoNum(inst, `new${k}`) ?? Number.NaN)) > 1e-6) return;
    env.submit(by, { kind: 'write', signal: key, value: prev, reason });
  });
}

export const F21: FaultDef = {
  id: 'F21',
  name: { fr: 'Anomalie énergétique', en: 'Power / energy anomaly' },
  tags: ['Mc', 'Mi', 'Mo'],
  equipment: ['imm', 'energy'],
  components: [
    { id: 'energy.consumption', variants: ['setpoints_raised', 'idle', 'inrush'] },
    { id: 'energy.supply', variants: ['voltage_sag'] },
  ],
  defaultComponent: 'energy.consumption',
  variants: ['setpoints_raised', 'idle', 'inrush', 'voltage_sag'],
  defaultVariant: 'setpoints_raised',
  params: {
    extra_k: {
      type: 'number',
      default: 20,
      min: 0,
      max: 40,
      unit: 'K',
      doc: 'zone set points raised by (variant b)',
    },
    voltage_factor: {
      type: 'number',
      default: 0.9,
      min: 0.7,
      max: 1.1,
      doc: 'mains voltage factor (variant d)',
    },
    off_min: {
      type: 'number',
      default: 10,
      min: 1,
      max: 60,
      unit: 'min',
      doc: 'stop before the inrush (variant c)',
    },
  },
  severity: { default: 1, min: 0, max: 2 },
  profile: { kind: 'step' },
  time: { real: 'hours (a shift)', exam: 'step; zones settle in 10–20 min', signatureS: 1800 },
  inject:
    '(a) idle heaters and hydraulics in a long stop; (b) zone set points +20 K without need; (c) all heaters started together; (d) supply −10 %',
  leading: 'kWh/part and SEC ↑ 10–30 % (b); peak demand 15–25 kW (c); zone outputs ↑ collectively (d)',
  repairs: [
    {
      variants: ['setpoints_raised', 'idle', 'inrush'],
      steps: [{ component: 'energy.consumption', ops: ['restore', 'adjust'] }],
    },
    { variants: ['voltage_sag'], steps: [{ component: 'energy.supply', ops: ['restore', 'adjust'] }] },
  ],
  apply(cell, x, inst) {
    if (inst.variant !== 'voltage_sag' || x <= 0) return;
    const a = cell.ambient!.faults;
    a.mainsVoltageFactor *= 1 - x * (1 - num(inst, 'voltage_factor', 0.9));
  },
  activate(inst, env) {
    const s = inst.severity;
    switch (inst.variant) {
      case 'setpoints_raised':
        writeAll(
          inst,
          env,
          ZONE_SP,
          (p) => p + s * num(inst, 'extra_k', 20),
          'warmer barrel for the start-up',
        );
        break;
      case 'idle':
        env.submit(SHIFT_ACTOR, { kind: 'write', signal: 'imm.mode', value: 3, reason: 'long break' });
        break;
      case 'inrush':
        for (const key of ['imm.heaters_on', 'hotrunner.enable_power']) {
          if (env.registry.get(key))
            env.submit(SHIFT_ACTOR, { kind: 'write', signal: key, value: false, reason: 'end of shift' });
        }
        inst.memo.stage = 1;
        break;
    }
  },
  tick(inst, env) {
    if (inst.variant !== 'inrush' || inst.memo.stage !== 1) return;
    if (env.t - inst.onset_t / 1000 < 60 * num(inst, 'off_min', 10)) return;
    // every heater of the barrel and the hot runner switched on at the same instant (no staggering)
    for (const key of ['imm.heaters_on', 'hotrunner.enable_power']) {
      if (env.registry.get(key))
        env.submit(SHIFT_ACTOR, { kind: 'write', signal: key, value: true, reason: 'start-up' });
    }
    inst.memo.stage = 2;
  },
  deactivate(inst, env, _how, by) {
    if (inst.variant === 'setpoints_raised')
      restoreAll(
        inst,
        env,
        ZONE_SP,
        by ?? SCENARIO_ACTOR,
        by ? 'validated set points restored' : 'scenario cleared',
      );
    if (inst.variant === 'inrush' && inst.memo.stage === 1) {
      for (const key of ['imm.heaters_on', 'hotrunner.enable_power']) {
        if (env.registry.get(key))
          env.submit(by ?? SCENARIO_ACTOR, { kind: 'write', signal: key, value: true });
      }
    }
  },
};

/** the handles F22 freezes: one signal, or every measurement of an equipment */
function frozenKeys(inst: Pick<FaultInstance, 'params'>, env: Pick<FaultEnv, 'registry'>): string[] {
  const sig = str(inst, 'signal', '');
  if (sig) return env.registry.get(sig) ? [sig] : [];
  const eq = str(inst, 'equipment', 'tcu2');
  return env.registry.signals
    .filter((s) => s.equipment === eq && s.kind === 'measurement' && s.visibility === 'candidate')
    .map((s) => s.key);
}

export const F22: FaultDef = {
  id: 'F22',
  name: {
    fr: 'Perte de communication d’un capteur (donnée figée)',
    en: 'Communication loss of a sensor (stale data)',
  },
  tags: ['Mt'],
  equipment: [],
  components: [{ id: 'data.modbus_link' }, { id: 'data.opcua_link' }, { id: 'data.mqtt_link' }],
  defaultComponent: 'data.modbus_link',
  variants: ['stale'],
  defaultVariant: 'stale',
  params: {
    equipment: {
      type: 'string',
      default: 'tcu2',
      doc: 'equipment whose measurements freeze (TCU B by default)',
    },
    signal: { type: 'string', doc: 'one signal key to freeze instead of a whole equipment' },
    uncertain_s: {
      type: 'number',
      default: 30,
      min: 0,
      max: 3600,
      unit: 's',
      doc: 'time in Uncertain (last usable value) before Bad (communication error)',
    },
  },
  severity: { default: 1, min: 1, max: 1 },
  profile: { kind: 'step' },
  time: { real: 'step', exam: 'step; Uncertain then Bad after 30 s', signatureS: 60 },
  inject:
    'the value freezes at its last value, status Uncertain (last usable) → Bad (communication error), the source timestamp stops',
  leading: 'a perfectly flat line, source timestamp not advancing, quality not Good',
  repairs: [{ steps: [{ component: SAME, ops: ['reseat', 'restore', 'replace'] }] }],
  check(cell, inst) {
    void cell;
    const sig = str(inst, 'signal', '');
    return sig && !/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(sig)
      ? `params.signal: "${sig}" is not a signal key`
      : null;
  },
  apply() {},
  activate(inst, env) {
    const keys = frozenKeys(inst, env);
    inst.memo.keys = keys.join(',');
    for (const k of keys) env.store.freeze(env.store.handle(k), Quality.Uncertain);
    inst.memo.stage = 1;
  },
  tick(inst, env) {
    if (inst.memo.stage !== 1 || env.t - inst.onset_t / 1000 < num(inst, 'uncertain_s', 30)) return;
    for (const k of String(inst.memo.keys ?? '')
      .split(',')
      .filter(Boolean)) {
      env.store.freeze(env.store.handle(k), Quality.Bad);
    }
    inst.memo.stage = 2;
  },
  deactivate(inst, env) {
    for (const k of String(inst.memo.keys ?? '')
      .split(',')
      .filter(Boolean))
      env.store.unfreeze(env.store.handle(k));
  },
};

/** the (signal, value) pairs of an F23 instance */
export function f23Writes(inst: Pick<FaultInstance, 'params'>): [string, number][] {
  const out: [string, number][] = [[str(inst, 'signal', 'imm.hold_pressure_sp'), num(inst, 'value', 32)]];
  for (const k of [2, 3]) {
    const s = inst.params[`signal${k}`];
    const v = inst.params[`value${k}`];
    if (typeof s === 'string' && typeof v === 'number') out.push([s, v]);
  }
  return out;
}

export const F23: FaultDef = {
  id: 'F23',
  name: {
    fr: 'Écriture non autorisée d’un paramètre',
    en: 'Cyber-security event: unauthorised parameter write',
  },
  tags: ['Mt', 'Mo'],
  equipment: ['imm'],
  components: [{ id: 'cyber.access' }, { id: 'cyber.dataset' }],
  defaultComponent: 'cyber.access',
  variants: ['opcua_write'],
  defaultVariant: 'opcua_write',
  params: {
    signal: { type: 'string', default: 'imm.hold_pressure_sp', doc: 'set point written' },
    value: { type: 'number', default: 32, doc: 'value written (hold 45 → 32 MPa)' },
    signal2: { type: 'string', doc: 'a second set point written (optional)' },
    value2: { type: 'number', doc: 'its value' },
    signal3: { type: 'string', doc: 'a third set point written (optional)' },
    value3: { type: 'number', doc: 'its value' },
    user: { type: 'string', default: 'maint', doc: 'user name of the intruder' },
    client: { type: 'string', default: 'ENG-PC-07', doc: 'client (application / host) of the intruder' },
  },
  severity: { default: 1, min: 0, max: 1.5 },
  profile: { kind: 'step' },
  time: { real: 'event at t0', exam: 'event at t0', signatureS: 300 },
  inject: 'write event at t0 from client ENG-PC-07 / user maint (hold 45 → 32 MPa), no MES change request',
  leading: 'a set-point change with no operator action on the HMI: audit entry, active dataset ≠ validated',
  repairs: [{ steps: [{ component: 'cyber.dataset', ops: ['restore_dataset'] }] }],
  check(cell, inst) {
    void cell;
    for (const [s] of f23Writes(inst)) {
      if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(s)) return `params: "${s}" is not a signal key`;
    }
    return null;
  },
  apply() {},
  activate(inst, env) {
    const who = intruder(str(inst, 'user', 'maint'), str(inst, 'client', 'ENG-PC-07'));
    f23Writes(inst).forEach(([key, value], k) => {
      const sig = env.registry.get(key);
      if (!sig) return;
      const prev = env.store.get(sig.index);
      const sev = Math.min(1.5, Math.max(0, inst.severity));
      const v = Math.round((prev + sev * (value - prev)) * 100) / 100;
      inst.memo[`prev${k}`] = prev;
      inst.memo[`new${k}`] = v;
      env.submit(who, { kind: 'write', signal: key, value: v });
    });
  },
  deactivate(inst, env, how) {
    if (how !== 'clear') return;
    restoreAll(
      inst,
      env,
      f23Writes(inst).map(([k]) => k),
      SCENARIO_ACTOR,
      'scenario cleared',
    );
  },
};
