/** CSV export: columns, quality names, empty cells for gaps, quoting and the formula guard. */
import { describe, expect, it } from 'vitest';
import { csvCell, curvesCsv, seriesCsv, shotsCsv } from '../../../simulator/adapters/historian/csv.ts';
import type { SeriesResult } from '../../../simulator/adapters/historian/types.ts';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

describe('CSV', () => {
  it('writes raw series with a quality column and empty cells for gaps', () => {
    const r: SeriesResult = {
      station: 'st1',
      aggregation: 'raw',
      bucketMs: 0,
      from: T0,
      to: T0 + 200,
      signals: ['a.x', 'b.y'],
      units: ['°C', ''],
      t: [T0, T0 + 100],
      values: [
        [1.5, null],
        [0, 1],
      ],
      quality: [
        [0, null],
        [2, 1],
      ],
      truncated: false,
    };
    expect(seriesCsv(r)).toBe(
      'time,time_ms,a.x,a.x.quality,b.y,b.y.quality\r\n' +
        `2026-01-05T08:00:00.000Z,${T0},1.5,Good,0,Bad\r\n` +
        `2026-01-05T08:00:00.100Z,${T0 + 100},,,1,Uncertain\r\n`,
    );
  });

  it('writes aggregates with mean, min, max, last, count and the worst quality', () => {
    const r: SeriesResult = {
      station: 'st1',
      aggregation: '10s',
      bucketMs: 10_000,
      from: T0,
      to: T0 + 10_000,
      signals: ['a.x'],
      units: [''],
      t: [T0],
      values: [[2]],
      quality: [[1]],
      min: [[1]],
      max: [[3]],
      last: [[3]],
      count: [[3]],
      truncated: false,
    };
    expect(seriesCsv(r).split('\r\n')).toEqual([
      'time,time_ms,a.x.mean,a.x.min,a.x.max,a.x.last,a.x.count,a.x.quality',
      `2026-01-05T08:00:00.000Z,${T0},2,1,3,3,3,Uncertain`,
      '',
    ]);
  });

  it('flattens shot records into the union of their fields', () => {
    const csv = shotsCsv([
      { id: 1, shotId: 7, equipment: 'imm', t: T0, record: { a: 1, nested: { b: true } }, curves: [] },
      { id: 2, shotId: 8, equipment: 'imm', t: T0 + 1, record: { a: 2, note: 'x, "y"' }, curves: [] },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'id,shot_id,time,time_ms,equipment,a,nested.b,note',
      `1,7,2026-01-05T08:00:00.000Z,${T0},imm,1,true,`,
      `2,8,2026-01-05T08:00:00.001Z,${T0 + 1},imm,2,,"x, ""y"""`,
      '',
    ]);
  });

  it('writes curves one sample per row', () => {
    expect(curvesCsv([{ id: 3, shotId: null, t: T0, curves: { p: [1, null, 2.5] } }])).toBe(
      'id,shot_id,curve,index,value\r\n3,,p,0,1\r\n3,,p,1,\r\n3,,p,2,2.5\r\n',
    );
  });

  it('guards spreadsheet formulas and keeps negative numbers', () => {
    expect(csvCell('=cmd()')).toBe("'=cmd()");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell('-2')).toBe('-2');
    expect(csvCell(Number.NaN)).toBe('');
  });
});
