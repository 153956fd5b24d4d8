/**
 * IMM actions and write interlocks (§2.2 modes, §5.2 B): the semi-automatic cycle start, the safety
 * reset after an E-stop or a guard stop, manual moves (mould, carriage, purge, dosing), removing a part left
 * in the mould, and the EUROMAP 77 ResetJobCounters method. Safety gestures (LOTO…) are built on these by
 * another layer; the interlocks refuse a mode or a move the machine would refuse.
 */
import { z } from 'zod';
import type { ActionContext } from '../../kernel/actions.ts';
import type { BindContext } from '../../kernel/model.ts';
import { T_DECOMPRESS } from '../reference.ts';
import { isCycling } from './cycle.ts';
import type { ImmModel } from './imm.ts';
import { MODE } from './imm-signals.ts';

const OPS = ['operator', 'technician', 'maintenance', 'trainer'] as const;

export function registerImmActions(imm: ImmModel, ctx: BindContext): void {
  const h = imm.h;
  const guardsClosed = (c: ActionContext['store']) =>
    c.getBool(h['safety.front_guard_closed']!) &&
    c.getBool(h['safety.rear_guard_closed']!) &&
    c.getBool(h['safety.purge_guard_closed']!);
  const manual = (c: ActionContext['store']) => {
    const m = c.get(h.mode!);
    return m === MODE.MANUAL || m === MODE.SETUP;
  };

  ctx.addInterlock('imm.mode', (_sig, value, station) => {
    const st = station.store;
    if (value !== MODE.AUTOMATIC && value !== MODE.SEMI_AUTOMATIC) return null;
    if (imm.s.estopLatched || st.getBool(h['safety.estop_pressed']!))
      return 'emergency stop active: release it and reset first';
    if (imm.s.state === 'STOPPED') return 'machine stopped: acknowledge with the safety reset first';
    if (!guardsClosed(st)) return 'close the front, rear and purge guards first';
    if (!st.getBool(h.pump_on!)) return 'start the hydraulic power unit first';
    if (imm.s.heating && !imm.s.continuing) return 'barrel not at temperature (heat soak not finished)';
    if (!imm.s.carriageFwd) return 'nozzle not in contact: move the carriage forward first';
    if (imm.alarms.isActive('OIL_TEMP_STOP')) return 'oil temperature too high';
    return null;
  });
  ctx.addInterlock('imm.pump_on', (_sig, value, station) =>
    value === true && (imm.s.estopLatched || station.store.getBool(h['safety.estop_pressed']!))
      ? 'emergency stop active'
      : null,
  );

  ctx.registerAction({
    name: 'imm.cycle_start',
    label: { fr: 'Départ cycle (semi-automatique)', en: 'Cycle start (semi-automatic)' },
    roles: ['operator', 'technician', 'trainer'],
    args: z.strictObject({}),
    check: (_a, c) => {
      if (c.store.get(h.mode!) !== MODE.SEMI_AUTOMATIC) return 'select SEMI_AUTOMATIC first';
      if (isCycling(imm.s.state)) return 'a cycle is running';
      if (imm.s.state !== 'READY') return `machine not ready (${imm.s.state})`;
      if (!guardsClosed(c.store)) return 'close the guards first';
      return null;
    },
    apply: () => {
      imm.s.semiStart = true;
      return { started: true };
    },
  });

  ctx.registerAction({
    name: 'imm.safety_reset',
    label: { fr: 'Réarmement sécurité', en: 'Safety reset' },
    roles: [...OPS],
    args: z.strictObject({}),
    check: (_a, c) => {
      if (c.store.getBool(h['safety.estop_pressed']!)) return 'release the emergency stop button first';
      if (!guardsClosed(c.store)) return 'close the guards first';
      return null;
    },
    apply: (_a, c) => {
      const s = imm.s;
      s.estopLatched = false;
      if (s.state === 'STOPPED') s.state = s.heating ? 'HEATING' : 'READY';
      s.continuing = false;
      for (const a of ['ESTOP', 'GUARD_OPEN', 'MOULD_PROTECT', 'DOSE_TIMEOUT']) imm.s.pendingClear.push(a);
      c.store.set(h.mode!, MODE.MANUAL);
      return { state: s.state, mode: 'MANUAL' };
    },
  });

  ctx.registerAction({
    name: 'imm.manual',
    label: { fr: 'Mouvement manuel', en: 'Manual move' },
    roles: ['operator', 'technician', 'maintenance', 'trainer'],
    args: z.strictObject({
      move: z.enum([
        'mould_open',
        'mould_close',
        'carriage_forward',
        'carriage_back',
        'purge',
        'dose',
        'eject',
      ]),
    }),
    check: (a, c) => {
      const s = imm.s;
      if (!manual(c.store)) return 'select MANUAL or SETUP first';
      if (isCycling(s.state)) return 'a cycle is running';
      if (s.estopLatched) return 'emergency stop active';
      if (!s.pumpRunning && a.move !== 'dose') return 'hydraulic power unit off';
      switch (a.move) {
        case 'mould_close':
          if (!c.store.getBool(h['safety.front_guard_closed']!)) return 'front guard open';
          if (s.partInMould) return 'mould protection: a part is in the mould';
          return s.mouldClosed ? 'mould already closed' : null;
        case 'mould_open':
          return s.mouldClosed ? null : 'mould already open';
        case 'carriage_back':
          return s.carriageFwd ? null : 'carriage already back';
        case 'carriage_forward':
          return s.carriageFwd ? 'carriage already forward' : null;
        case 'purge':
          if (s.carriageFwd) return 'move the carriage back first';
          if (!c.store.getBool(h['safety.purge_guard_closed']!)) return 'close the purge guard first';
          return s.dose.state === 'DOSED' ? null : 'no dosed melt: dose first';
        case 'dose':
          return s.dose.state === 'DOSED'
            ? 'already dosed'
            : s.state === 'HEATING'
              ? 'barrel not at temperature'
              : null;
        case 'eject':
          return s.mouldClosed ? 'open the mould first' : null;
      }
      return null;
    },
    apply: (a, c) => {
      const s = imm.s;
      switch (a.move) {
        case 'mould_close':
          s.mouldClosed = true;
          return { mould: 'closed' };
        case 'mould_open':
          s.mouldClosed = false;
          if (s.shotPending) s.partUnejected = true;
          return { mould: 'open' };
        case 'carriage_back':
          s.carriageFwd = false;
          return { carriage: 'back' };
        case 'carriage_forward':
          s.carriageFwd = true;
          return { carriage: 'forward' };
        case 'purge': {
          // air shot: the melt probe reads the true melt temperature (no injection heating)
          const ms = imm.meltState();
          s.screwX = 0;
          s.dose.state = 'IDLE';
          for (let k = 0; k < s.meltAges.length; k++) s.meltAges[k] = 0;
          return { melt_temp_probe: Math.round((ms.tMelt + imm.rng.gaussian()) * 10) / 10 };
        }
        case 'dose':
          imm.startDosing(c.t);
          return { dosing_time_expected: Math.round((s.dose.tEnd - c.t + T_DECOMPRESS) * 100) / 100 };
        case 'eject':
          s.partUnejected = false;
          s.shotPending = false;
          s.aborted = false;
          return { ejected: true };
      }
      return null;
    },
  });

  ctx.registerAction({
    name: 'imm.clear_mould',
    label: { fr: 'Retirer la pièce restée dans le moule', en: 'Remove the part left in the mould' },
    roles: [...OPS],
    args: z.strictObject({}),
    check: (_a, c) => {
      if (!manual(c.store)) return 'select MANUAL first';
      if (imm.s.mouldClosed) return 'open the mould first';
      if (c.store.getBool(h['safety.front_guard_closed']!)) return 'open the front guard to reach the mould';
      return imm.s.partInMould || imm.s.partUnejected ? null : 'no part in the mould';
    },
    apply: () => {
      imm.s.partInMould = false;
      imm.s.partUnejected = false;
      imm.s.shotPending = false;
      imm.s.aborted = false;
      imm.s.pendingClear.push('MOULD_PROTECT');
      return { cleared: true };
    },
  });

  ctx.registerAction({
    name: 'imm.reset_job_counters',
    label: { fr: "Remise à zéro des compteurs de l'ordre", en: 'Reset job counters' },
    roles: ['technician', 'mes', 'trainer'],
    args: z.strictObject({}),
    apply: () => {
      imm.resetJobCounters();
      return { reset: true };
    },
  });
}
