/**
 * Online SPC (domain-model §6.2): each new production shot adds a point (I-MR) or completes a subgroup
 * (X̄–R) on every chart with limits; the chosen run rules are checked on the last point, violations are
 * logged and raise the station alarm `mes/SPC_<VARIABLE>[_C<cavity>]`, cleared on the next point in control.
 */
import { bound, round } from '../common.ts';
import { MAX_RULE_WINDOW, rulesAtLast } from '../spc.ts';
import type { ShotRow } from '../types.ts';
import type { MesModel } from './mes-model.ts';
import { valueKey } from './spc-vars.ts';

const MAX_VIOLATIONS = 5000;

export function spcOnline(mes: MesModel, row: ShotRow, t: number): void {
  for (const ch of Object.values(mes.s.spc)) {
    const x = row.v[valueKey(ch.variable, ch.cavity)];
    if (x === undefined) continue;
    const fired: string[] = [];
    let plotted: number | null = null;
    if (ch.type === 'imr') {
      const prev = ch.recent[ch.recent.length - 1];
      plotted = x;
      if (prev !== undefined && ch.limits.type === 'imr' && Math.abs(x - prev) > ch.limits.mrUcl)
        fired.push('MR');
    } else {
      ch.sub.push(x);
      if (ch.sub.length >= ch.n) {
        const mean = ch.sub.reduce((a, b) => a + b, 0) / ch.sub.length;
        const range = Math.max(...ch.sub) - Math.min(...ch.sub);
        ch.sub = [];
        plotted = mean;
        if (ch.limits.type === 'xbar_r' && (range > ch.limits.rUcl || range < ch.limits.rLcl - 1e-12))
          fired.push('R');
      }
    }
    if (plotted === null) continue;
    ch.recent.push(plotted);
    if (ch.recent.length > MAX_RULE_WINDOW) ch.recent.splice(0, ch.recent.length - MAX_RULE_WINDOW);
    ch.points++;
    fired.unshift(...rulesAtLast(ch.recent, ch.limits.center, ch.limits.sigmaPlot, ch.rules));
    for (const rule of fired) {
      mes.s.violations.push({
        seq: ++mes.s.seq.viol,
        t,
        shot: row.id,
        chart: ch.key,
        rule,
        value: round(plotted, 5),
      });
    }
    bound(mes.s.violations, MAX_VIOLATIONS);
    const code = `SPC_${ch.variable.toUpperCase()}${ch.cavity ? `_C${ch.cavity}` : ''}`;
    if (fired.length) {
      ch.alarm = true;
      mes.queueAlarm(code, 'active', 'warning', {
        fr: `SPC ${ch.variable}${ch.cavity ? ` empreinte ${ch.cavity}` : ''} : règle ${fired.join(', ')} (tir ${row.id})`,
        en: `SPC ${ch.variable}${ch.cavity ? ` cavity ${ch.cavity}` : ''}: rule ${fired.join(', ')} (shot ${row.id})`,
      });
    } else if (ch.alarm) {
      ch.alarm = false;
      mes.queueAlarm(code, 'cleared', 'warning', {
        fr: `SPC ${ch.variable} sous contrôle`,
        en: `SPC ${ch.variable} in control`,
      });
    }
  }
}
