/**
 * End of a timed intervention: the measurement is taken (on the physical state at that moment), or the
 * repair is done — the fault engine removes whatever fault that component and operation fix, and a repair
 * on a healthy component changes nothing physical. The result never says whether a fault was found: it
 * reports the operation done, as a real work order would.
 */

import { diagnose, inspectEoat } from '../../faults/diagnostics.ts';
import type { Actor } from '../../kernel/command-types.ts';
import type { SafetyModel } from '../safety-model.ts';
import type { Work } from '../state.ts';

const actorOf = (w: Work): Actor =>
  ({
    user: w.user,
    roles: w.roles,
    channel: w.channel,
    ...(w.client ? { client: w.client } : {}),
  }) as Actor;

export function completeWork(m: SafetyModel, w: Work, tS: number): void {
  const tMs = Math.round(tS * 1000);
  const by = actorOf(w);
  switch (w.kind) {
    case 'diag': {
      const r = diagnose(m.diagContext(), w.target, w.measurement!);
      m.publish(w, { kind: 'diag', values: r.values, text: r.text }, tS);
      return;
    }
    case 'vacuum_test': {
      const v = m.b.vacuumTest();
      const pass = v !== null && v <= -65;
      const fail = v === null || v > -50;
      const verdict = pass ? 'pass' : fail ? 'fail' : 'marginal';
      m.publish(
        w,
        {
          kind: 'vacuum_test',
          values: { vacuum_kpa: v, threshold_kpa: -50, pass_kpa: -65, verdict },
          text: {
            fr: `Test de vide sur plaque : ${v} kPa (${verdict === 'pass' ? 'conforme ≤ −65' : verdict === 'fail' ? 'NON CONFORME > −50' : 'limite'})`,
            en: `Vacuum test on the test plate: ${v} kPa (${verdict === 'pass' ? 'pass ≤ −65' : verdict === 'fail' ? 'FAIL > −50' : 'marginal'})`,
          },
        },
        tS,
      );
      return;
    }
    case 'inspect_eoat': {
      const r = inspectEoat(m.diagContext());
      m.publish(w, { kind: 'inspect_eoat', ...r }, tS);
      return;
    }
    case 'repair': {
      if (w.target === 'material.resin_moisture' && w.op === 'restore') m.b.redry(false);
      m.engine?.repair(w.target, w.op!, by, tMs);
      const ticket = w.target === 'mould.parting_line';
      m.publish(
        w,
        {
          kind: 'repair',
          values: {
            component_id: w.target,
            op: w.op!,
            completed: true,
            ...(ticket ? { ticket: 'toolroom repair order issued' } : {}),
          },
          text: {
            fr: ticket
              ? `Ordre de réparation outillage émis pour ${w.target}`
              : `Intervention terminée : ${w.op} ${w.target}`,
            en: ticket ? `Toolroom repair order issued for ${w.target}` : `Work done: ${w.op} ${w.target}`,
          },
        },
        tS,
      );
      return;
    }
    case 'swap': {
      if (w.preDried) {
        m.b.redry(true);
        m.engine?.repair('material.resin_moisture', 'restore', by, tMs);
      } else if (w.lot) {
        m.engine?.repair('material.lot', 'swap', by, tMs);
        const link = m.link;
        if (link?.hasAction('mes.lot_change'))
          void link.submit({
            station: m.stationId,
            actor: by,
            input: { kind: 'action', action: 'mes.lot_change', args: { lot: w.lot } },
          });
        else if (link && m.store.registry.get('blender.lot'))
          void link.submit({
            station: m.stationId,
            actor: by,
            input: { kind: 'write', signal: 'blender.lot', value: w.lot, reason: 'material swap' },
          });
      }
      m.publish(
        w,
        {
          kind: 'swap',
          values: w.preDried
            ? { material: 'certified pre-dried', loaded: true }
            : { lot: w.lot ?? '', loaded: true },
          text: w.preDried
            ? {
                fr: 'Matière pré-séchée certifiée chargée ; purger le fourreau',
                en: 'Certified pre-dried material loaded; purge the barrel',
              }
            : { fr: `Lot ${w.lot} chargé ; purger le fourreau`, en: `Lot ${w.lot} loaded; purge the barrel` },
        },
        tS,
      );
      return;
    }
    case 'dataset': {
      const n = m.restoreDataset();
      m.s.cyber.restoredT = tS;
      m.engine?.repair('cyber.dataset', 'restore_dataset', by, tMs);
      m.publish(
        w,
        {
          kind: 'dataset',
          values: { restored: n, checksum: m.datasetInfo().active_checksum },
          text: {
            fr: `Jeu validé restauré (${n} valeur(s))`,
            en: `Validated dataset restored (${n} value(s))`,
          },
        },
        tS,
      );
      return;
    }
  }
}
