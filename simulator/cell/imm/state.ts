/** Plain-data state of the IMM model (all of it goes into the snapshot). */
import type { BarrelState } from './barrel.ts';
import type { OilState } from './hydraulics.ts';
import type { CycleState, DosingState } from './imm-signals.ts';
import type { PartAttributes } from './quality.ts';
import type { ShotResult } from './shot-model.ts';

export interface DosingRun {
  state: DosingState;
  t0: number;
  tEnd: number;
  decEnd: number;
  xFrom: number;
  xTo: number;
  /** screw retraction speed while rotating, mm/s */
  rate: number;
  rpm: number;
  torque: number;
  massG: number;
  voidFraction: number;
  feedFactor: number;
  /** dosing time of the last completed dose, s */
  lastTime: number;
  shearW: number;
  driveW: number;
}

export interface CycleRun {
  id: number;
  tStart: number;
  tLock: number;
  tInj: number;
  tHoldEnd: number;
  tCoolTimerEnd: number;
  tOpenStart: number;
  tOpenEnd: number;
  tEjectEnd: number;
  /** time the ejector sub-sequence step started, and which step (0 wait fwd, 1 fwd, 2 wait back, 3 back, 4 wait free) */
  ejectStep: number;
  ejectT: number;
  tEjFwd: number;
  energy0: Record<string, number>;
  alarms: string[];
  doseWait: boolean;
  tMelt: number;
  rvi: number;
  residenceS: number;
  clampKN: number;
  vInj: number;
  shotSize: number;
  decompression: number;
  rpm: number;
  backPressure: number;
  torque: number;
  doseTime: number;
  monitorBad: string;
}

export interface ImmState {
  state: CycleState;
  phaseStart: number;
  phaseEnd: number;
  mouldClosed: boolean;
  /** a part of the current cycle still on the core (after opening, before take-out) */
  partUnejected: boolean;
  /** a part left in the mould (not removed / stuck): mould protection on the next close */
  partInMould: boolean;
  ejectorFwd: boolean;
  carriageFwd: boolean;
  screwX: number;
  dose: DosingRun;
  barrel: BarrelState;
  oil: OilState;
  shot: ShotResult | null;
  cycle: CycleRun;
  parts: PartAttributes[] | null;
  counters: {
    cycle: number;
    parts: number;
    good: number;
    bad: number;
    machine: number;
    lastMs: number;
    avgMs: number;
  };
  mdotAvg: number;
  meltAges: number[];
  tMeltDosed: number;
  startupLeft: number;
  lastInjT: number;
  estopLatched: boolean;
  stopAfterEject: boolean;
  semiStart: boolean;
  soakStart: number;
  heating: boolean;
  /** the barrel reached its set points since the heaters were switched on (zone deviation alarms armed) */
  heatedOnce: boolean;
  pumpRunning: boolean;
  driveW: number;
  heaterW: number;
  aborted: boolean;
  modeSeen: number;
  doseDriveJ: number;
  /** AUTO production continues from the last cycle (the warm-barrel start interlock is not re-checked) */
  continuing: boolean;
  /** a shot was injected in the current cycle and its part is not yet out */
  shotPending: boolean;
  /** alarms acknowledged by an action, cleared at the next step */
  pendingClear: string[];
  countersDirty: boolean;
  lastEjector: number[];
  /**
   * EUROMAP 77 ProductionControl.AutomaticRunEnabled, set by the MES (machine-link hook): when false the
   * machine stays in AUTOMATIC but starts no new cycle (StopAtCycleEnd clears it after the running cycle)
   */
  autoRunEnabled: boolean;
  /** JobStatus the MES made active (index in JOB_STATUS), or −1 to derive it from the production state */
  jobStatus: number;
}
