/**
 * The scorer's safety state machine (domain-model §5.2–5.3): it replays the candidate's gestures in journal
 * order, keeps the machine, LOTO, PPE, purge and robot-cell state they imply, and checks the preconditions
 * of every gesture — the built-in rules below plus the exercise's `safety.preconditions`.
 *
 * Severity (§5.3): critical → the gestures criterion is 0; major and minor → a penalty each.
 *
 * A gesture the simulator **refused** (its own precondition or interlock) is graded one level lower than the
 * same gesture performed: attempted critical → major, attempted major → minor, attempted minor → a note.
 * The attempt shows what the candidate would have done; the interlock is not part of their procedure,
 * so it is an error, but the hazard did not happen (docs/scoring.md "Refused gestures").
 */
import { SAFETY_TOKENS, type SafetyToken } from '../exercises/catalogue.ts';
import type { Cmd, Ctx } from './context.ts';
import { commandMatches } from './matchers.ts';
import type { Bilingual } from './report-types.ts';

export type Severity = 'critical' | 'major' | 'minor' | 'note';

export interface Finding extends Bilingual {
  readonly key: string;
  readonly severity: Severity;
  readonly refs: number[];
}

const TOKEN_TEXT: Record<SafetyToken, Bilingual> = {
  controlled_stop: { fr: 'arrêt contrôlé (machine en manuel)', en: 'controlled stop (machine in manual)' },
  machine_manual: {
    fr: 'machine en manuel (pas en automatique ni semi)',
    en: 'machine in manual (not auto or semi)',
  },
  loto_electric: {
    fr: 'consignation électrique (séparation + cadenas)',
    en: 'electrical LOTO (isolation + lock)',
  },
  loto_hydraulic: {
    fr: 'consignation hydraulique (séparation + cadenas)',
    en: 'hydraulic LOTO (isolation + lock)',
  },
  loto_water: {
    fr: 'consignation de l’eau (vannes fermées + cadenas)',
    en: 'water LOTO (valves closed + lock)',
  },
  loto_pneumatic: {
    fr: 'consignation pneumatique (air coupé + cadenas)',
    en: 'pneumatic LOTO (air off + lock)',
  },
  loto_hot_runner: {
    fr: 'consignation du canal chaud (séparation + cadenas)',
    en: 'hot-runner LOTO (isolation + lock)',
  },
  accumulators_discharged: { fr: 'accumulateurs déchargés', en: 'accumulators discharged' },
  water_depressurised: { fr: 'circuit d’eau dépressurisé', en: 'water circuit depressurised' },
  carriage_back: { fr: 'groupe d’injection reculé', en: 'injection carriage back' },
  purge_guard: { fr: 'écran de purge fermé', en: 'purge guard closed' },
  nozzle_checked: { fr: 'température de buse vérifiée', en: 'nozzle temperature checked' },
  purge_container: { fr: 'bac de purge en place', en: 'purge container in place' },
  ppe_heat: { fr: 'gants chaleur et manches longues', en: 'heat gloves and long sleeves' },
  ppe_face_shield: { fr: 'écran facial', en: 'face shield' },
  ppe_glasses: { fr: 'lunettes', en: 'glasses' },
  ppe_cut: { fr: 'gants anti-coupure', en: 'cut-resistant gloves' },
  robot_stopped: { fr: 'robot arrêté ou en T1', en: 'robot stopped or in T1' },
  robot_cell_entry: {
    fr: 'entrée en cellule robot (arrêt, T1, dispositif de validation, porte condamnée)',
    en: 'robot-cell entry (stop, T1, enabling device, door locked)',
  },
  no_lock_applied: { fr: 'aucun cadenas encore posé', en: 'no lock still applied' },
  incident_reported: { fr: 'incident de sécurité déclaré', en: 'security incident reported' },
};

const ISOLATION: Partial<Record<SafetyToken, string>> = {
  loto_electric: 'main',
  loto_hydraulic: 'main',
  loto_water: 'water',
  loto_pneumatic: 'air',
  loto_hot_runner: 'hr',
};
const ENERGY: Partial<Record<SafetyToken, string>> = {
  loto_electric: 'electric',
  loto_hydraulic: 'hydraulic',
  loto_water: 'water',
  loto_pneumatic: 'pneumatic',
  loto_hot_runner: 'electric',
};

/** Built-in requirements of a repair, by the component's equipment (unless the exercise says otherwise). */
const REPAIR_DEFAULTS: Record<string, SafetyToken[]> = {
  barrel: ['controlled_stop', 'loto_electric', 'ppe_heat'],
  injection_unit: [
    'controlled_stop',
    'loto_electric',
    'loto_hydraulic',
    'accumulators_discharged',
    'ppe_heat',
  ],
  clamp: ['controlled_stop', 'loto_hydraulic', 'accumulators_discharged'],
  hydraulics: ['controlled_stop', 'loto_hydraulic', 'accumulators_discharged'],
  mould: ['machine_manual', 'loto_electric', 'loto_hydraulic'],
  tcu_fixed: ['loto_water', 'water_depressurised'],
  tcu_moving: ['loto_water', 'water_depressurised'],
  hot_runner: ['controlled_stop', 'loto_hot_runner', 'ppe_heat'],
  dryer: ['loto_electric'],
  robot: ['robot_stopped', 'robot_cell_entry'],
  conveyor: ['loto_electric'],
  feeding: ['machine_manual'],
};

/** Degrade a severity for a refused attempt. */
const attempted = (s: Severity): Severity => (s === 'critical' ? 'major' : s === 'major' ? 'minor' : 'note');

class State {
  mode: 'auto' | 'semi' | 'manual' | 'stopped' = 'auto';
  ppe = new Set<string>();
  identified = new Set<string>();
  isolated = new Set<string>();
  locked = false;
  tagged = false;
  dissipated = new Set<string>();
  verified = false;
  lotoSubChecked = false;
  carriageBack = false;
  purgeGuard = false;
  nozzleChecked = false;
  purgeContainer = false;
  robot: 'auto' | 'stopped' | 't1' = 'auto';
  enabling = false;
  doorLocked = false;
  incident = false;
  fixes: number[] = [];
  faiSinceFix = true;
  quarantines: Cmd[] = [];
}

export interface SafetyResult {
  readonly findings: readonly Finding[];
  /** accepted fix gestures (repair, material swap, dataset restore), seqs */
  readonly fixes: readonly number[];
  readonly quarantines: readonly Cmd[];
}

export function runSafety(ctx: Ctx): SafetyResult {
  const ex = ctx.ex;
  const s = new State();
  // a cold start begins in MANUAL with the barrel heating (domain-model §2.2, cell.ts)
  if (ex.setup.start === 'cold') s.mode = 'manual';
  const grouped = new Map<string, Finding>();
  const find = (key: string, severity: Severity, seq: number, text: Bilingual) => {
    const k = `${key}|${severity}`;
    const f = grouped.get(k);
    if (f) {
      if (!f.refs.includes(seq)) f.refs.push(seq);
    } else grouped.set(k, { key, severity, refs: [seq], ...text });
  };

  const holds = (t: SafetyToken): boolean => {
    switch (t) {
      case 'controlled_stop':
      case 'machine_manual':
        return s.mode === 'manual' || s.mode === 'stopped';
      case 'loto_electric':
      case 'loto_hydraulic':
      case 'loto_water':
      case 'loto_pneumatic':
      case 'loto_hot_runner':
        return s.isolated.has(ISOLATION[t]!) && s.locked;
      case 'accumulators_discharged':
        return s.dissipated.has('accumulator_discharge');
      case 'water_depressurised':
        return s.dissipated.has('depressurise_water');
      case 'carriage_back':
        return s.carriageBack;
      case 'purge_guard':
        return s.purgeGuard;
      case 'nozzle_checked':
        return s.nozzleChecked;
      case 'purge_container':
        return s.purgeContainer;
      case 'ppe_heat':
        return s.ppe.has('heat_gloves_en407') && s.ppe.has('long_sleeves');
      case 'ppe_face_shield':
        return s.ppe.has('face_shield');
      case 'ppe_glasses':
        return s.ppe.has('glasses') || s.ppe.has('face_shield');
      case 'ppe_cut':
        return s.ppe.has('cut_gloves');
      case 'robot_stopped':
        return s.robot !== 'auto';
      case 'robot_cell_entry':
        return s.robot !== 'auto' && s.enabling && s.doorLocked;
      case 'no_lock_applied':
        return !s.locked;
      case 'incident_reported':
        return s.incident;
    }
  };

  const gestureName = (c: Cmd) =>
    c.action === 'act.repair' || c.action === 'act.diag'
      ? `${c.action} ${String(c.args.component_id ?? c.args.target ?? '')}`.trim()
      : c.action;

  const require = (
    c: Cmd,
    tokens: readonly SafetyToken[],
    override?: Partial<Record<SafetyToken, Severity>>,
  ) => {
    for (const t of tokens) {
      if (holds(t)) {
        if (ISOLATION[t] && !s.lotoSubChecked) {
          s.lotoSubChecked = true;
          if (!s.verified) {
            find('loto_verify', c.accepted ? 'major' : 'minor', c.seq, {
              fr: `Consignation sans vérification d'absence d'énergie avant ${gestureName(c)} (seq ${c.seq}).`,
              en: `LOTO without verifying the absence of energy before ${gestureName(c)} (seq ${c.seq}).`,
            });
          }
          if (!s.identified.has(ENERGY[t]!)) {
            find('loto_identify', 'minor', c.seq, {
              fr: `Énergie « ${ENERGY[t]} » non identifiée avant la consignation.`,
              en: `Energy "${ENERGY[t]}" not identified before the lockout.`,
            });
          }
          if (!s.tagged) {
            find('loto_tag', 'minor', c.seq, {
              fr: 'Consignation sans étiquette (nom, motif).',
              en: 'Lockout without a tag (name, reason).',
            });
          }
        }
        continue;
      }
      const base: Severity = override?.[t] ?? SAFETY_TOKENS[t];
      const sev = c.accepted ? base : attempted(base);
      const txt = TOKEN_TEXT[t];
      find(`token:${t}`, sev, c.seq, {
        fr: `${gestureName(c)} (seq ${c.seq}) ${c.accepted ? 'réalisé' : 'tenté (refusé par le simulateur)'} sans ${txt.fr}.`,
        en: `${gestureName(c)} (seq ${c.seq}) ${c.accepted ? 'performed' : 'attempted (refused by the simulator)'} without ${txt.en}.`,
      });
    }
  };

  const onsetShot = (() => {
    const onset = ctx.onsetOf();
    const c = ctx.cycles.find((x) => x.t >= onset);
    const id = c?.record.shot_id;
    return typeof id === 'number' ? { id, seq: c!.seq } : undefined;
  })();

  for (const c of ctx.commands) {
    if (!c.candidate || c.kind !== 'action') continue;
    // a refusal for a non-safety reason (unknown action, bad arguments, role) says nothing about safety
    if (!c.accepted && c.rejectionCode !== 'precondition' && c.rejectionCode !== 'interlock') continue;
    // exercise preconditions
    for (const p of ex.safety.preconditions) if (commandMatches(p.when, c, ctx)) require(c, p.requires);
    // built-in rules
    switch (c.action) {
      case 'act.repair': {
        const comp = typeof c.args.component_id === 'string' ? c.args.component_id : '';
        const explicit = ex.safety.preconditions.some((p) => commandMatches(p.when, c, ctx));
        if (!explicit) require(c, REPAIR_DEFAULTS[comp.split('.')[0]!] ?? []);
        break;
      }
      case 'act.purge':
        require(c, ['carriage_back', 'purge_guard', 'ppe_face_shield', 'nozzle_checked', 'purge_container']);
        break;
      case 'act.restart_semi':
      case 'act.release':
      case 'act.robot_auto':
        require(c, ['no_lock_applied']);
        break;
      case 'act.inspect_eoat':
        require(c, ['robot_stopped', 'robot_cell_entry']);
        break;
      case 'act.vacuum_test':
        require(c, ['robot_stopped'], { robot_stopped: 'major' });
        break;
      default:
        break;
    }
    if (!c.accepted) continue;
    // state transitions (accepted gestures only)
    switch (c.action) {
      case 'act.ppe':
        for (const i of (c.args.items as string[] | undefined) ?? []) s.ppe.add(i);
        break;
      case 'act.mode_semi':
        s.mode = 'semi';
        break;
      case 'act.mode_manual':
        s.mode = 'manual';
        break;
      case 'act.estop':
        s.mode = 'stopped';
        if (!ex.safety.estop_allowed) {
          find('estop_routine', 'minor', c.seq, {
            fr: `Arrêt d'urgence utilisé comme arrêt de routine (seq ${c.seq}).`,
            en: `Emergency stop used as a routine stop (seq ${c.seq}).`,
          });
        }
        break;
      case 'act.estop_reset':
        s.mode = 'manual';
        break;
      case 'act.guard_open':
        if (s.mode === 'auto' || s.mode === 'semi') {
          find('guard_as_stop', 'minor', c.seq, {
            fr: `Protecteur ouvert machine en ${s.mode === 'auto' ? 'automatique' : 'semi-automatique'} (seq ${c.seq}) : l'arrêt se fait par le mode, pas par le verrouillage.`,
            en: `Guard opened with the machine in ${s.mode === 'auto' ? 'automatic' : 'semi-automatic'} (seq ${c.seq}): stop with the mode, not the interlock.`,
          });
        }
        break;
      case 'act.loto_identify':
        for (const e of (c.args.energies as string[] | undefined) ?? []) s.identified.add(e);
        break;
      case 'act.isolate_main':
      case 'act.isolate_air':
      case 'act.isolate_water':
      case 'act.isolate_hr': {
        const what = c.action.slice('act.isolate_'.length);
        if (what === 'main' && (s.mode === 'auto' || s.mode === 'semi')) {
          find('isolate_running', 'major', c.seq, {
            fr: `Sectionneur ouvert sur une machine en production, sans arrêt contrôlé (seq ${c.seq}).`,
            en: `Main switch opened on a running machine, without a controlled stop (seq ${c.seq}).`,
          });
        }
        s.isolated.add(what);
        break;
      }
      case 'act.lock':
        if (s.isolated.size === 0) {
          find('lock_before_isolation', 'minor', c.seq, {
            fr: `Cadenas posé avant toute séparation (seq ${c.seq}).`,
            en: `Lock applied before any isolation (seq ${c.seq}).`,
          });
        }
        s.locked = true;
        break;
      case 'act.tag':
        s.tagged = true;
        if (!c.args.name || !c.args.reason) {
          find('tag_incomplete', 'minor', c.seq, {
            fr: `Étiquette incomplète (nom ou motif manquant, seq ${c.seq}).`,
            en: `Incomplete tag (name or reason missing, seq ${c.seq}).`,
          });
        }
        break;
      case 'act.dissipate':
        if (s.verified) {
          find('dissipate_after_verify', 'minor', c.seq, {
            fr: `Dissipation après la vérification (seq ${c.seq}) : ordre inversé.`,
            en: `Dissipation after the verification (seq ${c.seq}): wrong order.`,
          });
        }
        for (const w of (c.args.what as string[] | undefined) ?? []) s.dissipated.add(w);
        break;
      case 'act.verify':
        if (!s.locked || s.isolated.size === 0) {
          find('verify_before_lock', 'minor', c.seq, {
            fr: `Vérification avant séparation et condamnation (seq ${c.seq}).`,
            en: `Verification before isolation and lock (seq ${c.seq}).`,
          });
        }
        s.verified = true;
        break;
      case 'act.unlock':
        s.locked = false;
        s.isolated.clear();
        s.dissipated.clear();
        s.identified.clear();
        s.verified = false;
        s.tagged = false;
        s.lotoSubChecked = false;
        break;
      case 'act.carriage_back':
        s.carriageBack = true;
        break;
      case 'act.purge_guard_closed':
        s.purgeGuard = true;
        break;
      case 'act.check_nozzle_t':
        s.nozzleChecked = true;
        break;
      case 'act.purge_container':
        s.purgeContainer = true;
        break;
      case 'act.restart_semi':
        s.mode = 'semi';
        s.carriageBack = false;
        break;
      case 'act.release':
        s.mode = 'auto';
        if (ex.safety.fai_after_fix && s.fixes.length && !s.faiSinceFix) {
          find('no_fai', 'major', c.seq, {
            fr: `Production libérée (seq ${c.seq}) sans contrôle premier article après l'intervention.`,
            en: `Production released (seq ${c.seq}) without a first-article check after the fix.`,
          });
        }
        break;
      case 'act.fai':
        s.faiSinceFix = true;
        break;
      case 'act.robot_stop':
        s.robot = 'stopped';
        break;
      case 'act.robot_t1':
        s.robot = 't1';
        break;
      case 'act.enable_device':
        s.enabling = true;
        break;
      case 'act.door_lock':
        s.doorLocked = true;
        break;
      case 'act.robot_auto':
        s.robot = 'auto';
        s.enabling = false;
        s.doorLocked = false;
        break;
      case 'act.sec_incident_report':
        s.incident = true;
        break;
      case 'act.quarantine':
        s.quarantines.push(c);
        break;
      case 'act.repair':
      case 'act.swap_material':
      case 'act.restore_dataset':
        s.fixes.push(c.seq);
        s.faiSinceFix = false;
        break;
      default:
        break;
    }
  }

  // ---- end of the exam --------------------------------------------------------------------------------
  const endRef = ctx.diagnoses[0]?.seq ?? ctx.lastSeq ?? 0;
  if (ex.safety.quarantine_required) {
    if (!s.quarantines.length) {
      find('no_quarantine', 'major', endRef, {
        fr: 'Aucune mise en quarantaine des pièces suspectes.',
        en: 'No quarantine of suspect parts.',
      });
    } else if (onsetShot) {
      const q = s.quarantines[0]!;
      const from = typeof q.args.from_shot === 'number' ? q.args.from_shot : Number.POSITIVE_INFINITY;
      if (from > onsetShot.id) {
        find('quarantine_late', 'minor', q.seq, {
          fr: `Quarantaine à partir du tir ${from}, alors que la dérive commence au tir ${onsetShot.id} (seq ${onsetShot.seq}).`,
          en: `Quarantine from shot ${from}, while the drift starts at shot ${onsetShot.id} (seq ${onsetShot.seq}).`,
        });
      }
    }
  }
  if (ex.safety.fai_after_fix && s.fixes.length && !s.faiSinceFix && !grouped.has('no_fai|major')) {
    find('no_fai', 'major', s.fixes.at(-1)!, {
      fr: "Pas de contrôle premier article après l'intervention.",
      en: 'No first-article check after the fix.',
    });
  }
  if (s.locked) {
    find('lock_left', 'note', ctx.lastSeq ?? 0, {
      fr: "Un cadenas est resté posé à la fin de l'épreuve.",
      en: 'A lock was still applied at the end of the exam.',
    });
  }
  return { findings: [...grouped.values()], fixes: s.fixes, quarantines: s.quarantines };
}
