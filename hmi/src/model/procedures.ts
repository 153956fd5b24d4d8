/**
 * Guided sequences of safety gestures (domain-model §5.2): the order a professional follows. They only
 * arrange the station's own actions (`GET /api/stations/:id/actions`, matched by name); the simulator
 * enforces every precondition and the screen shows its refusals. Steps the station does not offer are
 * left out.
 */
export interface Procedure {
  readonly id: 'loto_apply' | 'loto_remove' | 'purge' | 'robot_entry' | 'restart' | 'controlled_stop';
  readonly steps: readonly string[];
}

export const PROCEDURES: readonly Procedure[] = [
  {
    id: 'controlled_stop',
    steps: ['act.notify', 'act.ppe', 'act.mode_semi', 'act.mode_manual', 'act.quarantine'],
  },
  {
    id: 'loto_apply',
    steps: [
      'act.loto_identify',
      'act.isolate_main',
      'act.isolate_air',
      'act.isolate_water',
      'act.isolate_hr',
      'act.lock',
      'act.tag',
      'act.dissipate',
      'act.verify',
    ],
  },
  {
    id: 'loto_remove',
    steps: ['act.tools_removed', 'act.guards_refitted', 'act.area_clear', 'act.unlock', 'act.notify'],
  },
  {
    id: 'purge',
    steps: [
      'act.ppe',
      'act.carriage_back',
      'act.purge_guard_closed',
      'act.check_nozzle_t',
      'act.purge_container',
      'act.purge',
      'act.purge_dispose',
    ],
  },
  {
    id: 'robot_entry',
    steps: ['act.robot_stop', 'act.robot_t1', 'act.enable_device', 'act.door_lock', 'act.robot_auto'],
  },
  { id: 'restart', steps: ['act.guard_close', 'act.restart_semi', 'act.scrap', 'act.fai', 'act.release'] },
];

/** Actions shown elsewhere than in the gesture lists. */
export const HIDDEN_GROUPS = new Set(['alarms']);
