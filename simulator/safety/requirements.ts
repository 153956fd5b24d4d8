/**
 * Preconditions of the timed interventions (domain-model §5.2 K "Preconditions", §5.2 C–G): each token
 * answers with the reason it is not met (shown to the candidate by the HMI), or null. A lockout counts for
 * the person who acts: their own padlock, tagged, over an isolation of that energy, verified after.
 */
import type { Requirement } from '../faults/maintenance-table.ts';
import type { CellBridge } from './cell-bridge.ts';
import { ROBOT_MODE } from './cell-bridge.ts';
import type { Lock, SafetyState } from './state.ts';

export interface ReqContext {
  readonly s: SafetyState;
  readonly b: CellBridge;
  /** true (physical) water temperatures of the TCUs, °C */
  readonly waterC: () => number[];
  readonly conveyorStopped: () => boolean;
}

type Energy = 'electric' | 'hydraulic' | 'water' | 'pneumatic' | 'hot_runner';

const ENERGY_LABEL: Record<Energy, string> = {
  electric: 'electric',
  hydraulic: 'hydraulic',
  water: 'water',
  pneumatic: 'pneumatic',
  hot_runner: 'hot-runner',
};

/** isolation point and the identified energies that cover it */
const POINT: Record<Energy, { point: keyof SafetyState['isolated']; gesture: string; identify: string[] }> = {
  electric: { point: 'main', gesture: 'act.isolate_main', identify: ['electric'] },
  hydraulic: { point: 'main', gesture: 'act.isolate_main', identify: ['hydraulic', 'accumulator'] },
  water: { point: 'water', gesture: 'act.isolate_water', identify: ['water', 'thermal'] },
  pneumatic: { point: 'air', gesture: 'act.isolate_air', identify: ['pneumatic'] },
  hot_runner: { point: 'hr', gesture: 'act.isolate_hr', identify: ['electric'] },
};

export const lockOf = (s: SafetyState, user: string): Lock | undefined =>
  s.locks.find((l) => l.user === user);

function loto(c: ReqContext, e: Energy, user: string): string | null {
  const p = POINT[e];
  const what = `lockout (${ENERGY_LABEL[e]})`;
  if (!p.identify.some((x) => c.s.identified.includes(x)))
    return `${what}: identify the ${ENERGY_LABEL[e]} energy first (act.loto_identify)`;
  if (!c.s.isolated[p.point]) return `${what}: not isolated (${p.gesture})`;
  const lock = lockOf(c.s, user);
  if (!lock) return `${what}: apply your own padlock (act.lock)`;
  if (!lock.tag) return `${what}: tag your padlock (act.tag)`;
  if (c.s.verified.length === 0) return `${what}: verify the absence of energy (act.verify)`;
  return null;
}

export function unmet(req: Requirement, c: ReqContext, user: string): string | null {
  const { s, b } = c;
  switch (req) {
    case 'controlled_stop':
      if (b.cycling) return 'controlled stop first: SEMI_AUTOMATIC to finish the cycle, then MANUAL';
      return b.manual || b.estopLatched
        ? null
        : 'controlled stop first: select MANUAL once the cycle has ended';
    case 'machine_stopped':
      return b.cycling || (!b.manual && !b.estopLatched)
        ? 'stop the machine first (SEMI_AUTOMATIC, then MANUAL)'
        : null;
    case 'machine_running':
      if (b.cycling) return 'the machine is cycling: stop it (MANUAL) to run the test';
      if (s.isolated.main || s.locks.length)
        return 'the test needs the machine energised (no lockout applied)';
      if (!b.pumpRunning) return 'start the hydraulic power unit first';
      return b.heatSoakDone ? null : 'barrel not at temperature (heat soak not finished)';
    case 'loto_electric':
      return loto(c, 'electric', user);
    case 'loto_hydraulic':
      return loto(c, 'hydraulic', user);
    case 'loto_water':
      return loto(c, 'water', user);
    case 'loto_pneumatic':
      return loto(c, 'pneumatic', user);
    case 'loto_hot_runner':
      return b.registry.get('hotrunner.enable_power') ? loto(c, 'hot_runner', user) : null;
    case 'accumulators_discharged':
      return s.dissipated.includes('accumulator_discharge')
        ? null
        : 'discharge the hydraulic accumulators first (act.dissipate accumulator_discharge)';
    case 'water_depressurised':
      return s.dissipated.includes('depressurise_water')
        ? null
        : 'depressurise the water circuits first (act.dissipate depressurise_water)';
    case 'water_cool': {
      const hot = c.waterC().filter((x) => x >= 50);
      return hot.length ? `water still at ${Math.round(Math.max(...hot))} °C: let it cool below 50 °C` : null;
    }
    case 'carriage_back':
      return b.hasMachine && b.carriageForward
        ? 'retract the injection carriage first (act.carriage_back)'
        : null;
    case 'purge_guard':
      return b.has('purgeGuard') && !b.bool('purgeGuard') ? 'close the purge guard first' : null;
    case 'purge_done':
      return s.purge.shots > 0 ? null : 'purge the barrel first (act.purge)';
    case 'screw_decompressed':
      return s.dissipated.includes('screw_decompress')
        ? null
        : 'decompress the screw first (act.dissipate screw_decompress)';
    case 'nozzle_checked':
      if (!s.purge.nozzleChecked) return 'check that the nozzle is at temperature first (act.check_nozzle_t)';
      return s.purge.nozzleOk
        ? null
        : 'the nozzle is not at temperature: a frozen nozzle can discharge explosively';
    case 'ppe_heat':
      return s.ppe.includes('heat_gloves_en407') && s.ppe.includes('long_sleeves')
        ? null
        : 'wear heat-resistant gloves (EN 407) and long sleeves first (act.ppe)';
    case 'ppe_face_shield':
      return s.ppe.includes('face_shield') ? null : 'wear a face shield first (act.ppe)';
    case 'robot_stopped': {
      if (!b.robot) return null;
      return b.get('robotMode') !== ROBOT_MODE.AUTO || b.robotStep === 'STOPPED'
        ? null
        : 'stop the robot or select T1 first (act.robot_stop, act.robot_t1)';
    }
    case 'robot_cell_entry': {
      if (!b.robot) return null;
      if (b.get('robotMode') !== ROBOT_MODE.T1) return 'robot cell entry: select T1 (reduced speed) first';
      if (!b.bool('enabling')) return 'robot cell entry: take the enabling device first';
      return s.robot.doorLockedBy === user
        ? null
        : 'robot cell entry: lock the cell door with your padlock first';
    }
    case 'conveyor_stopped':
      return c.conveyorStopped() ? null : 'stop the conveyor first';
  }
}

export function firstUnmet(reqs: readonly Requirement[], c: ReqContext, user: string): string | null {
  for (const r of reqs) {
    const why = unmet(r, c, user);
    if (why) return why;
  }
  return null;
}
