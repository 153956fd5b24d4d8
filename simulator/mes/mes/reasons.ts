/**
 * Standstill reasons (EUROMAP 83 StandstillReasonType: Id, Text) with their NF E60-182 time category
 * (domain-model §6.1): closure and planned stops reduce the required time Tr; breakdowns and unplanned
 * stops reduce the operating time Tf. Automatic attribution from the alarms and mode changes around a stop.
 */
import type { AlarmLogEntry, StandstillReason } from '../types.ts';

export const REASONS: readonly StandstillReason[] = [
  { id: 1, code: 'CLOSURE', category: 'closure', text: { fr: 'Fermeture atelier', en: 'Plant closed' } },
  { id: 10, code: 'BREAK', category: 'planned', text: { fr: 'Pause', en: 'Break' } },
  {
    id: 11,
    code: 'PREVENTIVE_MAINTENANCE',
    category: 'planned',
    text: { fr: 'Maintenance préventive', en: 'Preventive maintenance' },
  },
  { id: 12, code: 'TRIAL', category: 'planned', text: { fr: 'Essais', en: 'Trials' } },
  {
    id: 13,
    code: 'NO_ORDER',
    category: 'planned',
    text: { fr: "Pas d'ordre lancé", en: 'No order released' },
  },
  {
    id: 20,
    code: 'MACHINE_FAILURE',
    category: 'breakdown',
    text: { fr: 'Panne presse', en: 'Machine failure' },
  },
  { id: 21, code: 'MOULD_FAILURE', category: 'breakdown', text: { fr: 'Panne moule', en: 'Mould failure' } },
  {
    id: 22,
    code: 'PERIPHERAL_FAILURE',
    category: 'breakdown',
    text: { fr: 'Panne périphérique', en: 'Peripheral failure' },
  },
  {
    id: 23,
    code: 'CONVEYOR_JAM',
    category: 'breakdown',
    text: { fr: 'Bourrage convoyeur', en: 'Conveyor jam' },
  },
  {
    id: 24,
    code: 'EMERGENCY_STOP',
    category: 'unplanned',
    text: { fr: "Arrêt d'urgence", en: 'Emergency stop' },
  },
  {
    id: 30,
    code: 'DOSING_TIMEOUT',
    category: 'unplanned',
    text: { fr: 'Dosage hors temps (alimentation matière)', en: 'Dosing time-out (material feed)' },
  },
  {
    id: 31,
    code: 'MATERIAL_SHORTAGE',
    category: 'unplanned',
    text: { fr: 'Manque matière', en: 'Material shortage' },
  },
  {
    id: 32,
    code: 'MATERIAL_CHANGE',
    category: 'unplanned',
    text: { fr: 'Changement de lot / purge', en: 'Lot change / purge' },
  },
  {
    id: 33,
    code: 'ADJUSTMENT',
    category: 'unplanned',
    text: { fr: 'Réglage process', en: 'Process adjustment' },
  },
  {
    id: 34,
    code: 'MODE_CHANGE',
    category: 'unplanned',
    text: { fr: 'Passage en manuel / réglage', en: 'Manual or setup mode' },
  },
  {
    id: 35,
    code: 'QUALITY_PROBLEM',
    category: 'unplanned',
    text: { fr: 'Problème qualité', en: 'Quality problem' },
  },
  {
    id: 36,
    code: 'WAITING_OPERATOR',
    category: 'unplanned',
    text: { fr: 'Attente opérateur', en: 'Waiting for operator' },
  },
  {
    id: 37,
    code: 'SAFETY_INTERVENTION',
    category: 'unplanned',
    text: { fr: 'Intervention sécurité (protecteur ouvert)', en: 'Safety intervention (guard open)' },
  },
  {
    id: 38,
    code: 'CORRECTIVE_MAINTENANCE',
    category: 'breakdown',
    text: { fr: 'Maintenance corrective', en: 'Corrective maintenance' },
  },
  { id: 99, code: 'UNKNOWN', category: 'unplanned', text: { fr: 'Non renseigné', en: 'Not qualified' } },
];

export const reasonById = (id: number): StandstillReason | undefined => REASONS.find((r) => r.id === id);
export const UNKNOWN_REASON = 99;
export const NO_ORDER_REASON = 13;
export const MODE_CHANGE_REASON = 34;

/** Alarm → reason, first match wins; the alarm's equipment id and code, never a fault id. */
const ALARM_RULES: readonly { equipment?: RegExp; code?: RegExp; reason: number }[] = [
  { code: /ESTOP|EMERGENCY/, reason: 24 },
  { equipment: /^conveyor/, reason: 23 },
  { code: /DOSE_TIMEOUT|DOSING_TIMEOUT/, reason: 30 },
  { equipment: /^(hopper|loader)/, reason: 31 },
  { code: /GUARD/, reason: 37 },
  { code: /MOULD_PROTECT/, reason: 21 },
  { equipment: /^mould/, reason: 21 },
  { equipment: /^(robot|tcu|dryer|hotrunner|blender|vision|laser|ambient)/, reason: 22 },
  { equipment: /^(mes|gmao|erp)$/, reason: -1 },
  {},
].map((r) => ({ reason: 20, ...r }));

export function reasonOfAlarm(equipment: string, code: string): number {
  for (const r of ALARM_RULES) {
    if (r.equipment && !r.equipment.test(equipment)) continue;
    if (r.code && !r.code.test(code)) continue;
    return r.reason;
  }
  return 20;
}

const SEVERE = new Set(['alarm', 'critical']);

/**
 * The automatic reason of a stop that began at `start` (the end of the last cycle): the first severe alarm
 * raised in [start − 30 s, end] (an alarm that aborted a cycle comes after the last cycle end), else a mode
 * change away from automatic, else no order, else unknown (to be qualified by the operator).
 */
export function autoReason(opts: {
  start: number;
  end: number;
  alarms: readonly AlarmLogEntry[];
  modeChanges: readonly { t: number; mode: string }[];
  hasJob: boolean;
}): { reasonId: number; evidence: string } {
  // peripheral alarms (a dryer's dew point…) rarely stop the press: they explain a stop only when nothing else does
  let best: { reasonId: number; evidence: string; rank: number; t: number } | null = null;
  for (const a of opts.alarms) {
    if (a.state !== 'active' || !SEVERE.has(a.severity)) continue;
    if (a.t < opts.start - 30_000 || a.t > opts.end) continue;
    const r = reasonOfAlarm(a.equipment, a.code);
    if (r <= 0) continue;
    const rank = r === 22 ? 1 : 0;
    if (!best || rank < best.rank || (rank === best.rank && a.t < best.t))
      best = { reasonId: r, evidence: `alarm ${a.equipment}/${a.code}`, rank, t: a.t };
  }
  if (best) return { reasonId: best.reasonId, evidence: best.evidence };
  const mode = opts.modeChanges.find(
    (m) => m.t >= opts.start - 2000 && m.t <= opts.end && m.mode !== 'AUTOMATIC',
  );
  if (mode) return { reasonId: MODE_CHANGE_REASON, evidence: `mode ${mode.mode}` };
  if (!opts.hasJob) return { reasonId: NO_ORDER_REASON, evidence: 'no job in production' };
  return { reasonId: UNKNOWN_REASON, evidence: '' };
}
