/** `plastlab simulate --fault F03@10m[:severity]` (repeatable) for headless runs. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../../simulator/faults/headless.ts';
import { runSimulate } from '../../../simulator/server/simulate-cmd.ts';

const col = (csv: string, name: string) => {
  const [head, ...rows] = csv.trim().split('\n');
  const i = head!.split(',').indexOf(name);
  return rows.map((r) => Number(r.split(',')[i]));
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('plastlab simulate --fault', () => {
  it('parses F01…F25@time[:severity][:component] and refuses the rest with the argument named', () => {
    expect(parseFaultSpec('F03@10m')).toEqual({ fault: 'F03', atS: 600 });
    expect(parseFaultSpec('F03@1h30m:0.5')).toEqual({ fault: 'F03', atS: 5400, severity: 0.5 });
    expect(parseFaultSpec('F01@90s:1:barrel.z3_heater')).toEqual({
      fault: 'F01',
      atS: 90,
      severity: 1,
      component: 'barrel.z3_heater',
    });
    expect(parseFaultSpec('F22')).toEqual({ fault: 'F22', atS: 0 });
    for (const bad of ['F26@1m', 'F3@1m', 'F03@soon', 'F03@1m:3', 'F03@1m:0.5:Bad.Component']) {
      expect(() => parseFaultSpec(bad)).toThrow(/--fault/);
    }
  });

  it('runs a worn check ring from 10 min: the cushion collapses in the CSV, the log names the onset', async () => {
    const log: string[] = [];
    const csv = await runSimulate({
      duration: '50m',
      seed: 3,
      material: 'PP',
      set: [],
      fault: ['F03@10m'],
      log: (l) => log.push(l),
    });
    const cushion = col(csv, 'cushion_end');
    expect(mean(cushion.slice(5, 25))).toBeGreaterThan(7.6);
    expect(mean(cushion.slice(-15))).toBeLessThan(4);
    expect(log.some((l) => /600\.0 s +fault inject F03/.test(l))).toBe(true);
  });

  it('refuses an injection the station cannot take, naming why', async () => {
    await expect(
      runSimulate({ duration: '5m', seed: 1, material: 'PP', set: [], fault: ['F06@1m'] }),
    ).rejects.toThrow(/not hygroscopic/);
  });

  it('works from the command line, repeatable', () => {
    const out = execFileSync(
      process.execPath,
      [
        join(import.meta.dirname, '../../../bin/plastlab.js'),
        'simulate',
        '--duration',
        '6m',
        '--fault',
        'F17@1m',
        '--fault',
        'F10@2m:0.5',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(out.split('\n')[0]).toMatch(/^shot_id,/);
    expect(out.trim().split('\n').length).toBeGreaterThan(10);
  });
});
