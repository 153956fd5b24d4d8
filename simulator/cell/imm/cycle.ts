/**
 * §2.2 cycle state machine with exact phase times inside the 10 Hz tick: timed phases end at their exact
 * time (several transitions may happen in one tick); conditions on other equipment (guards, robot
 * handshake) are seen at the tick, like a PLC scan. Any state → STOPPED on E-stop, guard open, oil stop or
 * pump off; MANUAL/SETUP mid-cycle interrupts it quietly; SEMI-AUTOMATIC runs one cycle per start.
 */
import type { StepContext } from '../../kernel/model.ts';
import { T_CLOSE_FAST, T_CLOSE_SLOW, T_EJECT_BACK, T_EJECT_FWD, T_LOCK, T_OPEN } from '../reference.ts';
import { moveFactor } from './hydraulics.ts';
import type { ImmModel } from './imm.ts';
import type { CycleState } from './imm-signals.ts';
import { MODE } from './imm-signals.ts';
import { evaluateOpening, finishCycle } from './record.ts';

const CYCLING: ReadonlySet<CycleState> = new Set([
  'CLOSING',
  'MOULD_PROTECT',
  'LOCKUP',
  'INJECTION',
  'HOLDING',
  'COOLING',
  'OPENING',
  'EJECTING',
]);

export const isCycling = (s: CycleState): boolean => CYCLING.has(s);

function enter(imm: ImmModel, state: CycleState, t: number, duration: number): void {
  imm.s.state = state;
  imm.s.phaseStart = t;
  imm.s.phaseEnd = t + duration;
}

/** Interrupt the cycle: to STOPPED with an alarm, or quietly to READY (mode change). */
export function abortCycle(imm: ImmModel, ctx: StepContext, alarm: string | null): void {
  const s = imm.s;
  const st = s.state;
  if (st === 'INJECTION' || st === 'HOLDING' || st === 'COOLING' || st === 'LOCKUP') {
    s.mouldClosed = true;
    // an injected shot is scrapped: its part is ejected on restart without a ShotRecord
    if (s.shotPending) s.aborted = true;
  }
  if (st === 'CLOSING' || st === 'MOULD_PROTECT') s.mouldClosed = false;
  if (st === 'OPENING') {
    s.mouldClosed = false;
    s.partUnejected = true;
  }
  if (s.dose.state === 'ROTATE' || s.dose.state === 'DECOMPRESS') {
    s.dose.state = 'IDLE';
    s.dose.tEnd = ctx.t;
  }
  s.ejectorFwd = false;
  s.state = alarm ? 'STOPPED' : 'READY';
  s.phaseStart = ctx.t;
  s.phaseEnd = ctx.t;
  s.semiStart = false;
  s.continuing = false;
  if (alarm) imm.alarms.set(ctx, alarm, true);
}

export function advanceCycle(imm: ImmModel, ctx: StepContext): void {
  const s = imm.s;
  const st = ctx.store;
  const h = imm.h;
  const t = ctx.t;
  const mode = st.get(h.mode!);
  const guards =
    st.getBool(h['safety.front_guard_closed']!) &&
    st.getBool(h['safety.rear_guard_closed']!) &&
    st.getBool(h['safety.purge_guard_closed']!);
  if (st.getBool(h['safety.estop_pressed']!) && !s.estopLatched) {
    s.estopLatched = true;
    if (isCycling(s.state)) abortCycle(imm, ctx, 'ESTOP');
    else s.state = 'STOPPED';
    imm.alarms.set(ctx, 'ESTOP', true);
  }
  // oil temperature (§3.10): alarm at 55 °C, stop at 65 °C (latched until below 60 °C)
  const oil = s.oil.t;
  imm.alarms.set(ctx, 'OIL_TEMP_HIGH', oil > 55);
  if (oil > 65) imm.alarms.set(ctx, 'OIL_TEMP_STOP', true);
  else if (oil < 60) imm.alarms.set(ctx, 'OIL_TEMP_STOP', false);
  const oilStop = imm.alarms.isActive('OIL_TEMP_STOP');
  // heating status: every zone reading within ±10 K of its set point, then the soak time (§3.1)
  let inBand = st.getBool(h.heaters_on!);
  for (let i = 0; i < 5 && inBand; i++) {
    const z = s.barrel.zones[i]!;
    const read = imm.faults.tcOpen[i] ? 500 : z.t + imm.faults.tcDriftK[i]!;
    if (Math.abs(read - imm.bx.sp[i]!) > 10) inBand = false;
  }
  if (!st.getBool(h.heaters_on!)) s.heatedOnce = false;
  if (inBand) {
    if (s.soakStart === -1) s.soakStart = t;
    s.heating = t - s.soakStart < st.get(h.heat_soak_time_sp!);
    if (!s.heating) s.heatedOnce = true;
  } else {
    s.soakStart = -1;
    s.heating = true;
  }
  if (isCycling(s.state)) {
    if (!guards) abortCycle(imm, ctx, 'GUARD_OPEN');
    else if (oilStop || !s.pumpRunning) abortCycle(imm, ctx, oilStop ? 'OIL_TEMP_STOP' : null);
    else if (mode !== MODE.AUTOMATIC && mode !== MODE.SEMI_AUTOMATIC) abortCycle(imm, ctx, null);
  }
  if (s.state === 'STOPPED') return;
  if (s.state === 'HEATING' || s.state === 'READY')
    s.state = s.heating && !s.continuing ? 'HEATING' : 'READY';

  // hydraulic movement repeatability: σ ≈ 1.5 % per move (with the robot's, a cycle-time σ ≈ 0.05 s, §3.16)
  const mf = moveFactor(oil) * (1 + 0.015 * imm.rng.gaussian());
  const robotIn = st.getBool(h['robot.operation_with_robot']!);
  let entered = false;
  for (let guard = 0; guard < 24; guard++) {
    const tc = entered ? s.phaseStart : t; // condition time: the exact entry time if entered in this call
    const pe = s.phaseEnd;
    switch (s.state) {
      case 'HEATING':
        return;
      case 'READY': {
        const auto =
          (mode === MODE.AUTOMATIC && s.autoRunEnabled) || (mode === MODE.SEMI_AUTOMATIC && s.semiStart);
        if (!auto || !guards || s.estopLatched || !s.pumpRunning || oilStop || s.stopAfterEject) return;
        if (s.heating && !s.continuing) return;
        if (s.mouldClosed) {
          enter(imm, 'OPENING', tc, T_OPEN * mf);
          entered = true;
          break;
        }
        if (s.partUnejected) {
          enter(imm, 'EJECTING', tc, 0);
          s.cycle.ejectStep = robotIn ? 0 : 1;
          s.cycle.ejectT = tc;
          entered = true;
          break;
        }
        if (s.dose.state !== 'DOSED') {
          if (s.dose.state === 'IDLE' || (s.dose.state === 'TIMEOUT' && t >= s.dose.tEnd))
            imm.startDosing(tc);
          return;
        }
        const robotOk =
          !robotIn ||
          (st.getBool(h['robot.mould_area_free']!) && st.getBool(h['robot.enable_mould_closure']!));
        if (!robotOk) return;
        const t0 = robotIn ? Math.max(tc, imm.robotTime('mould_area_free', tc)) : tc;
        if (t0 - s.cycle.tEjectEnd > 120) s.startupLeft = 5;
        imm.beginCycle(t0);
        enter(imm, 'CLOSING', t0, T_CLOSE_FAST * mf);
        s.semiStart = false;
        entered = true;
        break;
      }
      case 'CLOSING':
        if (pe > t) return;
        enter(imm, 'MOULD_PROTECT', pe, T_CLOSE_SLOW * mf);
        entered = true;
        break;
      case 'MOULD_PROTECT':
        if (pe > t) return;
        if (s.partInMould) {
          s.state = 'STOPPED';
          s.phaseStart = pe;
          imm.alarms.set(ctx, 'MOULD_PROTECT', true);
          return;
        }
        s.mouldClosed = true;
        s.cycle.tLock = pe;
        enter(imm, 'LOCKUP', pe, T_LOCK);
        entered = true;
        break;
      case 'LOCKUP':
        if (pe > t) return;
        imm.startShot(pe);
        s.dose.state = 'IDLE';
        enter(imm, 'INJECTION', pe, s.shot!.tFill);
        entered = true;
        break;
      case 'INJECTION':
        if (pe > t) return;
        enter(imm, 'HOLDING', pe, s.shot!.tHold);
        entered = true;
        break;
      case 'HOLDING':
        if (pe > t) return;
        s.screwX = s.shot!.cushion;
        s.cycle.tHoldEnd = pe;
        s.cycle.tCoolTimerEnd = pe + st.get(h.cooling_time_sp!);
        imm.startDosing(pe);
        if (s.dose.state === 'TIMEOUT') {
          imm.alarms.set(ctx, 'DOSE_TIMEOUT', true);
          s.stopAfterEject = true;
        }
        enter(imm, 'COOLING', pe, s.cycle.tCoolTimerEnd - pe);
        entered = true;
        break;
      case 'COOLING': {
        const d = s.dose;
        const doneAt = d.state === 'TIMEOUT' ? d.tEnd : d.decEnd;
        const end = Math.max(s.cycle.tCoolTimerEnd, doneAt);
        if (doneAt > s.cycle.tCoolTimerEnd && t >= s.cycle.tCoolTimerEnd) s.cycle.doseWait = true;
        if (end > t) return;
        imm.alarms.set(ctx, 'DOSE_EXCEEDS_COOL', s.cycle.doseWait);
        s.cycle.tOpenStart = end;
        enter(imm, 'OPENING', end, T_OPEN * mf);
        entered = true;
        break;
      }
      case 'OPENING':
        if (pe > t) return;
        s.mouldClosed = false;
        if (!s.shotPending) {
          // nothing was injected (interrupted before injection): back to READY, mould open
          s.state = 'READY';
          s.phaseStart = pe;
          s.phaseEnd = pe;
          entered = true;
          break;
        }
        s.partUnejected = true;
        s.cycle.tOpenEnd = pe;
        if (!s.aborted) evaluateOpening(imm, ctx);
        enter(imm, 'EJECTING', pe, 0);
        s.cycle.ejectStep = robotIn ? 0 : 1;
        s.cycle.ejectT = pe;
        entered = true;
        break;
      case 'EJECTING': {
        const c = s.cycle;
        if (c.ejectStep === 0) {
          if (!st.getBool(h['robot.enable_ejector_forward']!)) return;
          c.ejectStep = 1;
          c.ejectT = Math.max(c.ejectT, imm.robotTime('enable_ejector_forward', tc));
        }
        if (c.ejectStep === 1) {
          if (c.ejectT + T_EJECT_FWD * mf > t) return;
          c.ejectT += T_EJECT_FWD * mf;
          c.tEjFwd = c.ejectT;
          s.ejectorFwd = true;
          c.ejectStep = 2;
          if (!robotIn) s.partUnejected = false;
        }
        if (c.ejectStep === 2) {
          if (robotIn && st.getBool(h['robot.enable_ejector_forward']!)) return;
          if (robotIn && !st.getBool(h['robot.enable_ejector_back']!)) return;
          c.ejectStep = 3;
          if (robotIn) c.ejectT = Math.max(c.ejectT, imm.robotTime('enable_ejector_back', tc));
        }
        if (c.ejectStep === 3) {
          if (c.ejectT + T_EJECT_BACK * mf > t) return;
          c.ejectT += T_EJECT_BACK * mf;
          s.ejectorFwd = false;
          c.ejectStep = 4;
        }
        if (c.ejectStep === 4) {
          let tEnd: number;
          if (robotIn) {
            if (!st.getBool(h['robot.mould_area_free']!)) return;
            tEnd = Math.max(c.ejectT, imm.robotTime('mould_area_free', tc));
          } else {
            // free drop of the parts into the chute
            if (c.ejectT + 0.5 > t) return;
            tEnd = c.ejectT + 0.5;
          }
          s.partUnejected = false;
          s.shotPending = false;
          c.tEjectEnd = tEnd;
          if (s.aborted) s.aborted = false;
          else finishCycle(imm, ctx, tEnd);
          s.state = 'READY';
          s.phaseStart = tEnd;
          s.phaseEnd = tEnd;
          if (s.stopAfterEject) {
            // §3.8: after a dosing time-out the current part is ejected, then AUTO ends
            st.set(h.mode!, MODE.MANUAL);
            s.stopAfterEject = false;
            s.continuing = false;
            return;
          }
          s.continuing = mode === MODE.AUTOMATIC && s.autoRunEnabled;
          if (!s.continuing) return;
          entered = true;
        }
        break;
      }
      default:
        return;
    }
  }
}

export type { CycleState };
export { enter };
export const cycleDurations = { T_CLOSE_FAST, T_CLOSE_SLOW, T_LOCK, T_OPEN };
