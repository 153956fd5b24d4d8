/**
 * Where a symptom shows on the twin. An active alarm (candidate-visible: what the machine's own HMI
 * would display) lights the part of the equipment a technician would look at: a zone deviation on its
 * heater band, a pressure limit or a dosing time-out on the injection unit, an oil alarm on the
 * hydraulic unit, a vacuum alarm on the robot's gripper, a blocked photo-eye at the belt's end. The
 * anchor comes from the alarm's equipment and code only; the twin never knows a fault (DESIGN.md
 * principle 5). Unknown codes light their whole equipment.
 */
import type { AlarmSeverity, Localized, WireAlarm } from '../../simulator/server/realtime/wire.ts';

export interface Highlight {
  /** scene anchor: an equipment id, or `<equipment>/<part>` */
  readonly anchor: string;
  readonly equipment: string;
  readonly code: string;
  readonly severity: AlarmSeverity;
  readonly text: Localized;
  readonly acked: boolean;
}

type Rule = readonly [RegExp, (m: RegExpExecArray, ctx: Ctx) => string];
interface Ctx {
  readonly guards: { front: boolean | null; rear: boolean | null; purge: boolean | null };
}

const IMM_RULES: readonly Rule[] = [
  [/^(ZONE_DEV|TC_OPEN|ZONE|HEATER)_?(\d+)/, (m) => `zone${m[2]}`],
  [/INJ|CUSHION|DOS|SCREW|SHOT|NOZZLE|TRANSFER|MELT/, () => 'injection'],
  [/OIL|HYDRAUL|PUMP|ACCU/, () => 'hydraulics'],
  [
    /GUARD|DOOR/,
    (_m, c) =>
      c.guards.purge === false ? 'guard-purge' : c.guards.rear === false ? 'guard-rear' : 'guard-front',
  ],
  [/ESTOP|EMERGENCY/, () => 'panel'],
  [/MOULD_PROTECT|CLAMP|TIEBAR|PLATEN|EJECT/, () => 'clamp'],
  [/CAV|QUALITY/, () => '@mould'],
];
const RULES: Record<string, readonly Rule[]> = {
  imm: IMM_RULES,
  robot: [
    [/VACUUM|PART|GRIP|PICK/, () => 'eoat'],
    [/PROTECTIVE|DOOR/, () => 'door'],
    [/CONVEYOR/, () => '@conveyor'],
  ],
  conveyor: [
    [/PHOTO|EYE/, () => 'eye'],
    [/OVERLOAD|MOTOR|TRIP/, () => 'motor'],
  ],
  mould: [[/CAV|SENSOR/, () => 'sensors']],
};

const kindOf = (equipment: string): string => equipment.replace(/\d+$/, '');

/** The anchor of one alarm (`@x` in a rule means another equipment of kind x). */
export function anchorOf(
  a: Pick<WireAlarm, 'equipment' | 'code'>,
  ctx: Ctx,
  equipment: readonly string[],
): string {
  const rules = RULES[kindOf(a.equipment)] ?? [];
  for (const [re, to] of rules) {
    const m = re.exec(a.code);
    if (!m) continue;
    const part = to(m, ctx);
    if (part.startsWith('@')) return equipment.find((e) => kindOf(e) === part.slice(1)) ?? a.equipment;
    return `${a.equipment}/${part}`;
  }
  return a.equipment;
}

const RANK: Record<AlarmSeverity, number> = { critical: 3, alarm: 2, warning: 1, info: 0 };

/** Highlights of the active alarms, the most severe first. */
export function highlights(
  alarms: readonly WireAlarm[],
  guards: Ctx['guards'],
  equipment: readonly string[],
): Highlight[] {
  return alarms
    .filter((a) => a.active)
    .map((a) => ({
      anchor: anchorOf(a, { guards }, equipment),
      equipment: a.equipment,
      code: a.code,
      severity: a.severity,
      text: a.text,
      acked: a.acked,
    }))
    .sort((x, y) => RANK[y.severity] - RANK[x.severity]);
}
