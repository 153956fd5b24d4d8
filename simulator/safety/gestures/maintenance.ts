/**
 * §5.2 K diagnostic measurements and repairs, the vacuum test and the EOAT inspection, the material swap,
 * and the §5.2 I cyber gestures. The timed ones take their exam duration (maintenance-table.ts): the
 * command answers "started", the result comes when the work is done (safety.result.* signals, an HMI
 * event, the journal). Preconditions depend on what the component is, never on what was injected.
 */
import { z } from 'zod';
import { diagRule, GENERIC_REPAIR, GESTURE_S, repairRule } from '../../faults/maintenance-table.ts';
import type { ActionContext } from '../../kernel/actions.ts';
import { TAXONOMY } from '../../session/taxonomy.ts';
import { firstUnmet } from '../requirements.ts';
import type { SafetyModel } from '../safety-model.ts';
import { checksum, TECH } from '../safety-model.ts';
import type { Work } from '../state.ts';

const COMPONENTS: ReadonlySet<string> = new Set([
  ...TAXONOMY.map((e) => e.id),
  ...TAXONOMY.flatMap((e) => e.components.map((c) => `${e.id}.${c.id}`)),
]);

const who = (c: ActionContext): Pick<Work, 'user' | 'roles' | 'channel' | 'client'> => ({
  user: c.actor.user,
  roles: [...c.actor.roles],
  channel: c.actor.channel,
  ...(c.actor.client ? { client: c.actor.client } : {}),
});

export function registerMaintenanceGestures(m: SafetyModel): void {
  const s = () => m.s;
  const b = () => m.b;
  const req = (list: Parameters<typeof firstUnmet>[0], c: ActionContext) =>
    firstUnmet(list, m.req, c.actor.user);

  const repairRuleOf = (component: string, op: string) =>
    repairRule(component, op) ??
    (COMPONENTS.has(component) && !REPAIRABLE(component) ? GENERIC_REPAIR : undefined);

  m.gesture('act.repair', {
    roles: TECH,
    check: (a, c) => {
      if (!COMPONENTS.has(a.component_id))
        return `${a.component_id}: unknown component (see the diagnosis taxonomy)`;
      const rule = repairRuleOf(a.component_id, a.op);
      if (!rule) return `${a.op} is not a maintenance operation on ${a.component_id}`;
      return m.busy() ?? req(rule.requires, c);
    },
    apply: (a, c) => {
      const rule = repairRuleOf(a.component_id, a.op)!;
      return {
        component_id: a.component_id,
        op: a.op,
        ...m.startWork({ kind: 'repair', target: a.component_id, op: a.op, ...who(c) }, c, rule.examS),
      };
    },
  });

  m.gesture('act.diag', {
    roles: TECH,
    check: (a, c) => {
      const rule = diagRule(a.target, a.measurement);
      if (!rule) return `${a.measurement} cannot be measured on ${a.target}`;
      return m.busy() ?? req(rule.requires, c);
    },
    apply: (a, c) => {
      const rule = diagRule(a.target, a.measurement)!;
      return {
        target: a.target,
        measurement: a.measurement,
        ...m.startWork(
          { kind: 'diag', target: a.target, measurement: a.measurement, ...who(c) },
          c,
          rule.examS,
        ),
      };
    },
  });

  m.gesture('act.vacuum_test', {
    roles: TECH,
    check: (_a, c) => (b().robot ? (m.busy() ?? req(['robot_stopped'], c)) : 'no robot on this station'),
    apply: (_a, c) =>
      m.startWork({ kind: 'vacuum_test', target: 'robot.suction_cup', ...who(c) }, c, GESTURE_S.vacuum_test),
  });

  m.gesture('act.inspect_eoat', {
    roles: TECH,
    check: (_a, c) => (b().robot ? (m.busy() ?? req(['robot_cell_entry'], c)) : 'no robot on this station'),
    apply: (_a, c) =>
      m.startWork({ kind: 'inspect_eoat', target: 'robot.eoat', ...who(c) }, c, GESTURE_S.inspect_eoat),
  });

  m.gesture('act.swap_material', {
    roles: TECH,
    check: (a, c) => {
      if (a.lot !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(a.lot))
        return 'lot: letters, digits, ".", "_" or "-"';
      if (a.pre_dried === false) return 'pre_dried: true to load certified pre-dried material';
      return m.busy() ?? req(['machine_stopped'], c);
    },
    apply: (a, c) => {
      const pre = a.pre_dried === true;
      return m.startWork(
        {
          kind: 'swap',
          target: pre ? 'material.resin_moisture' : 'material.lot',
          ...(a.lot ? { lot: a.lot } : {}),
          preDried: pre,
          ...who(c),
        },
        c,
        pre ? GESTURE_S.swap_pre_dried : GESTURE_S.swap_lot,
      );
    },
  });

  m.gesture('act.sec_incident_report', {
    apply: (a) => {
      s().cyber.reported = true;
      return {
        reported: true,
        to: ['supervisor', 'IT/OT security'],
        ...(a.text ? { text: a.text.slice(0, 200) } : {}),
      };
    },
  });

  m.gesture('act.isolate_client', {
    roles: TECH,
    apply: (a) => {
      const client = a.client || 'unknown';
      if (!s().cyber.isolated.includes(client)) s().cyber.isolated.push(client);
      return { isolated: client };
    },
  });

  m.gesture('act.preserve_logs', {
    apply: () => {
      s().cyber.logsPreserved = true;
      return { preserved: true, audit_entries: s().audit.length };
    },
  });

  m.gesture('act.restore_dataset', {
    roles: TECH,
    check: (a) => {
      if (!a.validated) return 'only the validated dataset from the controlled repository can be restored';
      const d = m.datasetInfo();
      if (a.checksum !== d.checksum && a.checksum !== d.imm_hash)
        return `checksum ${a.checksum} does not match the validated dataset of the repository`;
      return m.busy();
    },
    apply: (_a, c) =>
      m.startWork({ kind: 'dataset', target: 'cyber.dataset', ...who(c) }, c, GESTURE_S.restore_dataset),
  });

  m.registerTrainer({
    name: 'safety.validate_dataset',
    label: { fr: 'Valider le jeu de paramètres actif', en: 'Validate the active dataset' },
    group: 'faults',
    roles: ['trainer'],
    visibility: 'trainer',
    args: z.strictObject({}),
    apply: () => {
      m.captureDataset();
      return { checksum: checksum(s().cyber.validated), keys: Object.keys(s().cyber.validated).length };
    },
  });
}

/** a component with specific rules: an operation outside them is refused, not generic */
const REPAIRABLE = (component: string): boolean =>
  ['replace', 'clean', 'reseat', 'recalibrate', 'adjust', 'restore'].some(
    (op) => repairRule(component, op) !== undefined,
  );
