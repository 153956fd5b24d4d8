/**
 * §5.2 D purging (carriage back, purge guard closed, nozzle at temperature, container, small shots, let it
 * cool, dispose) and §5.2 G robot cell entry (stop at a safe position, T1, enabling device, door padlocked
 * open; on exit: door closed, reset, AUTO).
 */
import { ROBOT_MODE } from '../cell-bridge.ts';
import type { SafetyModel } from '../safety-model.ts';

/** the nozzle is "at temperature" within this band below its set point */
const NOZZLE_BAND_K = 15;

export function registerPurgeRobotGestures(m: SafetyModel): void {
  const s = () => m.s;
  const b = () => m.b;

  m.gesture('act.carriage_back', {
    check: () => {
      if (!b().hasMachine) return 'no injection unit on this station';
      if (b().cycling) return 'a cycle is running: stop the machine first';
      if (!b().manual) return 'select MANUAL first';
      if (!b().carriageForward) return 'the carriage is already back';
      return b().pumpRunning
        ? null
        : 'hydraulic power unit off: the carriage cannot move (retract it before the lockout)';
    },
    apply: () => {
      b().carriageBack();
      return { carriage: 'back', nozzle: 'away from the sprue bushing' };
    },
  });

  m.gesture('act.purge_guard_closed', {
    check: () => (b().has('purgeGuard') ? null : 'no purge guard on this station'),
    apply: () => {
      b().set('purgeGuard', true);
      return { purge_guard: 'closed' };
    },
  });

  m.gesture('act.check_nozzle_t', {
    check: () => (b().has('nozzleT') ? null : 'no nozzle zone on this station'),
    apply: () => {
      const t = Math.round(b().get('nozzleT') * 10) / 10;
      const sp = b().get('nozzleSp');
      const ok = t >= sp - NOZZLE_BAND_K;
      s().purge.nozzleChecked = true;
      s().purge.nozzleOk = ok;
      return { nozzle_c: t, setpoint_c: sp, at_temperature: ok };
    },
  });

  m.gesture('act.purge_container', {
    apply: () => {
      s().purge.container = true;
      return { container: 'in place' };
    },
  });

  m.gesture('act.purge', {
    check: () => {
      if (!b().hasMachine) return 'no injection unit on this station';
      if (b().cycling) return 'a cycle is running: stop the machine first';
      if (!b().manual) return 'select MANUAL first';
      if (b().carriageForward)
        return 'retract the carriage first: never purge with the nozzle on the sprue bushing';
      if (b().has('purgeGuard') && !b().bool('purgeGuard')) return 'close the purge guard first';
      if (m.s.isolated.main) return 'the main switch is locked out';
      if (!b().pumpRunning) return 'start the hydraulic power unit first';
      const t = b().get('nozzleT');
      if (t < b().get('nozzleSp') - NOZZLE_BAND_K)
        return 'nozzle not at temperature: a frozen nozzle can discharge explosively — heat it first';
      return b().zonesInBand
        ? null
        : 'barrel not at temperature: wait for the zones to reach their set points';
    },
    apply: (a) => {
      let melt: number | null = null;
      for (let k = 0; k < a.n; k++) melt = b().purge() ?? melt;
      s().purge.shots += a.n;
      s().purge.lastMeltC = melt;
      s().purge.disposed = false;
      return { purged_shots: a.n, speed_mm_s: a.speed, melt_temp_probe: melt };
    },
  });

  m.gesture('act.purge_dispose', {
    check: () => (s().purge.shots > 0 && !s().purge.disposed ? null : 'no purge to dispose of'),
    apply: () => {
      s().purge.disposed = true;
      return { disposed: true };
    },
  });

  const robot = () => (b().robot ? null : 'no robot on this station');

  m.gesture('act.robot_stop', {
    check: () => {
      const no = robot();
      if (no) return no;
      if (b().cycling) return 'the machine is cycling: stop it first so the robot waits at its safe position';
      const step = b().robotStep;
      return step === 'WAIT_ABOVE_MOULD' || step === 'STOPPED' || step === 'RETURN' || step === 'WAIT_PLACE'
        ? null
        : `the robot is moving (${step}): wait for its safe position`;
    },
    apply: () => {
      s().robot.stopped = true;
      b().set('robotMode', ROBOT_MODE.OTHER);
      return { robot: 'stopped', position: b().robotStep };
    },
  });

  m.gesture('act.robot_t1', {
    check: () =>
      robot() ?? (b().get('robotMode') === ROBOT_MODE.AUTO ? 'stop the robot first (act.robot_stop)' : null),
    apply: () => {
      b().set('robotMode', ROBOT_MODE.T1);
      return { mode: 'MANUAL_REDUCED_SPEED', max_speed_mm_s: 250 };
    },
  });

  m.gesture('act.enable_device', {
    check: () =>
      robot() ?? (b().get('robotMode') === ROBOT_MODE.T1 ? null : 'select T1 first (act.robot_t1)'),
    apply: () => {
      b().set('enabling', true);
      return { enabling_device: 'held (3-position)' };
    },
  });

  m.gesture('act.door_lock', {
    check: () => {
      const no = robot();
      if (no) return no;
      if (b().get('robotMode') !== ROBOT_MODE.T1) return 'select T1 first (act.robot_t1)';
      if (!b().bool('enabling')) return 'take the enabling device first (act.enable_device)';
      return s().robot.doorLockedBy ? `the door is already padlocked by ${s().robot.doorLockedBy}` : null;
    },
    apply: (_a, c) => {
      b().set('door', false);
      s().robot.doorLockedBy = c.actor.user;
      m.publishState();
      return { door: 'open, padlocked', inside: c.actor.user };
    },
  });

  m.gesture('act.robot_auto', {
    check: (_a, c) => {
      const no = robot();
      if (no) return no;
      const by = s().robot.doorLockedBy;
      if (by && by !== c.actor.user) return `the cell door is padlocked by ${by}: only they remove it`;
      const w = s().work;
      if (w && (w.kind === 'inspect_eoat' || w.target.startsWith('robot'))) return m.busy();
      if (b().get('robotMode') === ROBOT_MODE.AUTO && !by) return 'the robot is already in AUTOMATIC';
      return b().bool('robotEstop') ? 'release the robot emergency stop first' : null;
    },
    apply: (_a, c) => {
      s().robot.doorLockedBy = null;
      s().robot.stopped = false;
      b().set('door', true);
      b().set('enabling', false);
      b().robotReset(c.t);
      b().set('robotMode', ROBOT_MODE.AUTO);
      m.publishState();
      return { door: 'closed', mode: 'AUTOMATIC' };
    },
  });
}
