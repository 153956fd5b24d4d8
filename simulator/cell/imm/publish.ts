/**
 * Live tags of the IMM at their §7.2 rates with their noise σ and quantisation: screw, pressures, rpm,
 * torque, melt temperature, clamp and platen at 10 Hz; zones, oil and feed throat at 1 Hz; states on change.
 */
import type { StepContext } from '../../kernel/model.ts';
import { TC_UPSCALE } from '../physics/heater-zone.ts';
import { quant } from '../signals.ts';
import { ZONE_P } from './barrel.ts';
import { isCycling } from './cycle.ts';
import type { ImmModel } from './imm.ts';
import { CYCLE_STATES, DOSING_STATES, MODE } from './imm-signals.ts';
import { injectionPressure, injectionVelocity, screwPosition } from './shot-model.ts';

const MOULD_OPEN_MM = 350;
const TC_OPEN = ['TC_OPEN_1', 'TC_OPEN_2', 'TC_OPEN_3', 'TC_OPEN_4', 'TC_OPEN_5'];
const ZONE_DEV = ['ZONE_DEV_1', 'ZONE_DEV_2', 'ZONE_DEV_3', 'ZONE_DEV_4', 'ZONE_DEV_5'];
const EJECTOR_FWD_MM = 60;

export function publishImm(imm: ImmModel, ctx: StepContext): void {
  const s = imm.s;
  const st = ctx.store;
  const h = imm.h;
  const t = ctx.t;
  const n = imm.noise;
  n.begin();
  const state = s.state;
  const c = s.cycle;
  const sh = s.shot;
  // screw, pressure, velocity (10 Hz)
  let x = s.screwX;
  let p = 0;
  let v = 0;
  if (sh && (state === 'INJECTION' || state === 'HOLDING')) {
    const tr = t - c.tInj;
    x = screwPosition(sh, tr);
    p = injectionPressure(sh, tr);
    v = injectionVelocity(sh, tr);
  }
  const rotating = imm.rotating;
  const bp = rotating ? st.get(h.back_pressure_sp!) : 0;
  if (rotating) p = bp;
  st.set(h.screw_position!, quant(x + 0.05 * n.g(), 0.01));
  st.set(h.injection_pressure!, quant(Math.max(0, p + 0.3 * n.g()), 0.1));
  st.set(h.hydraulic_pressure!, quant(Math.max(0, p + 0.3 * n.g()), 0.1));
  st.set(h.injection_velocity!, quant(v * (1 + 0.005 * n.g()), 0.1));
  st.set(h.screw_rpm!, rotating ? quant(s.dose.rpm * (1 + 0.01 * n.g()), 1) : 0);
  st.set(h.screw_torque!, rotating ? quant(s.dose.torque * (1 + 0.02 * n.g()), 1) : 0);
  st.set(h.back_pressure!, rotating ? quant(bp + 0.1 * n.g(), 0.1) : 0);
  st.set(h.melt_temp!, quant(s.tMeltDosed + 0.5 * n.g(), 0.1));
  // clamp, platen, ejector
  let clamp = 0;
  let mouldPos = s.mouldClosed ? 0 : MOULD_OPEN_MM;
  const span = Math.max(1e-3, s.phaseEnd - s.phaseStart);
  const u = Math.min(1, Math.max(0, (t - s.phaseStart) / span));
  if (state === 'CLOSING') mouldPos = MOULD_OPEN_MM * (1 - 0.9 * u);
  else if (state === 'MOULD_PROTECT') mouldPos = 0.1 * MOULD_OPEN_MM * (1 - u);
  else if (state === 'OPENING') mouldPos = MOULD_OPEN_MM * u;
  if (state === 'LOCKUP') clamp = c.clampKN * u;
  else if (state === 'INJECTION' || state === 'HOLDING' || state === 'COOLING') {
    clamp = c.clampKN;
    // mould breathing: the separation force beyond the clamp shows on the tie bars (§3.9)
    if (sh && state !== 'COOLING') clamp += 0.3 * Math.max(0, sh.fSepKN - 0.95 * c.clampKN);
  } else if (state === 'STOPPED' && s.mouldClosed) clamp = c.clampKN;
  st.set(h.clamp_force!, quant(clamp > 0 ? clamp * (1 + 0.005 * n.g()) : 0, 0.1));
  for (let i = 1; i <= 4; i++) {
    const imb = i === 1 || i === 4 ? 1.004 : 0.996;
    st.set(h[`tiebar${i}`]!, quant(clamp > 0 ? (clamp / 4) * imb * (1 + 0.004 * n.g()) : 0, 0.1));
  }
  st.set(h.mould_position!, quant(mouldPos + (mouldPos > 0 ? 0.05 * n.g() : 0), 0.01));
  let ej = s.ejectorFwd ? EJECTOR_FWD_MM : 0;
  if (state === 'EJECTING' && (c.ejectStep === 1 || c.ejectStep === 3)) {
    const dur = c.ejectStep === 1 ? 0.45 : 0.25;
    const f = Math.min(1, Math.max(0, (t - c.ejectT) / dur));
    ej = c.ejectStep === 1 ? EJECTOR_FWD_MM * f : EJECTOR_FWD_MM * (1 - f);
  }
  st.set(h.ejector_position!, quant(ej, 0.01));
  // states
  st.set(h.cycle_state!, CYCLE_STATES.indexOf(state));
  st.set(h.dosing_state!, DOSING_STATES.indexOf(s.dose.state));
  st.setBool(h.carriage_forward!, s.carriageFwd);
  const mode = st.get(h.mode!);
  // producing: in a cycle, or ready in AUTOMATIC (waiting for the robot, dosing the first shot)
  const cycling =
    isCycling(state) ||
    (state === 'READY' &&
      (s.continuing || mode === MODE.AUTOMATIC || (mode === MODE.SEMI_AUTOMATIC && s.semiStart)));
  const prod = state === 'STOPPED' || state === 'HEATING' ? 1 : cycling ? (s.startupLeft > 0 ? 2 : 4) : 3;
  st.set(h.production_status!, mode === MODE.SETUP && cycling ? 5 : prod);
  st.set(h['job.status']!, s.jobStatus >= 0 ? s.jobStatus : prod === 4 ? 6 : prod === 2 ? 5 : 7);
  st.setStr(h['job.lot']!, imm.blender.lotName);
  st.setBool(h.pump_running!, s.pumpRunning);
  st.setBool(h['safety.estop_active']!, s.estopLatched);
  // EUROMAP 67 IMM → robot
  const guards =
    st.getBool(h['safety.front_guard_closed']!) &&
    st.getBool(h['safety.rear_guard_closed']!) &&
    st.getBool(h['safety.purge_guard_closed']!);
  st.setBool(h['em67.emergency_stop_machine']!, !s.estopLatched);
  st.setBool(h['em67.safety_devices']!, guards);
  st.setBool(
    h['em67.mould_closed']!,
    s.mouldClosed &&
      (state === 'LOCKUP' || state === 'INJECTION' || state === 'HOLDING' || state === 'COOLING'),
  );
  st.setBool(h['em67.mould_open_position']!, !s.mouldClosed && state === 'EJECTING');
  st.setBool(h['em67.enable_operation_with_robot']!, mode === MODE.AUTOMATIC || mode === MODE.SEMI_AUTOMATIC);
  st.setBool(
    h['em67.ejector_back_position']!,
    !s.ejectorFwd && !(state === 'EJECTING' && (c.ejectStep === 1 || c.ejectStep === 3)),
  );
  st.setBool(h['em67.ejector_forward_position']!, s.ejectorFwd);

  // zone alarms every tick (symptoms the controller shows)
  const f = imm.faults;
  for (let i = 0; i < 5; i++) {
    const z = s.barrel.zones[i]!;
    const read = f.tcOpen[i] ? TC_UPSCALE : z.t + f.tcDriftK[i]!;
    imm.alarms.set(ctx, TC_OPEN[i]!, f.tcOpen[i]!);
    imm.alarms.set(ctx, ZONE_DEV[i]!, !f.tcOpen[i] && s.heatedOnce && Math.abs(read - imm.bx.sp[i]!) > 12);
  }
  // 1 Hz: zones, oil, feed throat (§7.2)
  if (ctx.tick % 10 !== 1) return;
  for (let i = 0; i < 5; i++) {
    const z = s.barrel.zones[i]!;
    const k = i + 1;
    const hT = h[`zone${k}.temp_actual`]!;
    if (f.tcOpen[i]) {
      st.set(hT, TC_UPSCALE);
      st.setQuality(hT, 2);
    } else st.set(hT, quant(z.t + f.tcDriftK[i]! + 0.3 * n.g(), 0.1));
    st.set(h[`zone${k}.output_pct`]!, quant(Math.min(100, Math.max(0, 100 * z.u + 0.5 * n.g())), 0.1));
    const amps = (z.u * ZONE_P[i]! * f.heaterHealth[i]! * imm.bx.voltage) / 230;
    st.set(h[`zone${k}.current`]!, quant(Math.max(0, amps + (amps > 0 ? 0.1 * n.g() : 0)), 0.1));
    st.set(h[`zone${k}.temp_true`]!, quant(z.t, 0.01));
  }
  st.set(h['oil.temp']!, quant(s.oil.t + 0.2 * n.g(), 0.1));
  st.set(h['oil.cooler_valve']!, quant(100 * s.oil.valve, 0.1));
  st.set(h.feed_throat_temp!, quant(st.get(h.feed_throat_temp_sp!) + 0.3 * n.g(), 0.1));
}
