/** The disk spool of the InfluxDB writer: FIFO order across restarts, head re-insertion, the cap. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskSpool } from '../../../simulator/adapters/historian/spool.ts';
import { tempDir } from '../../helpers/lab.ts';

describe('DiskSpool', () => {
  const tmps: ReturnType<typeof tempDir>[] = [];
  const dir = () => {
    const t = tempDir('plastlab-spool-');
    tmps.push(t);
    return join(t.dir, 'spool');
  };
  afterEach(() => {
    for (const t of tmps.splice(0)) t.cleanup();
  });

  it('replays segments oldest first, including one put back at the head, and after a restart', () => {
    const d = dir();
    const s = new DiskSpool(d, 1e9);
    s.append(2, { rows: ['b1', 'b2'] });
    s.append(1, { rows: ['c'] });
    s.prepend(1, { rows: ['a'] });
    expect(s.points).toBe(4);
    const again = new DiskSpool(d, 1e9);
    expect(again.length).toBe(3);
    expect(again.points).toBe(4);
    const order: unknown[] = [];
    for (let seg = again.peek(); seg; seg = again.peek()) {
      order.push(...(seg.body as { rows: string[] }).rows);
      again.shift();
    }
    expect(order).toEqual(['a', 'b1', 'b2', 'c']);
    expect(again.points).toBe(0);
    expect(again.bytes).toBe(0);
    expect(readdirSync(d)).toEqual([]);
  });

  it('drops the oldest segments beyond the cap and counts their points, sparing a protected head', () => {
    const s = new DiskSpool(dir(), 1);
    s.append(10, { rows: 'x'.repeat(100) });
    s.append(20, { rows: 'y'.repeat(100) }, 1);
    expect(s.length).toBe(2);
    expect(s.dropped).toBe(0);
    s.append(30, { rows: 'z'.repeat(100) }, 0);
    expect(s.length).toBe(1);
    expect(s.dropped).toBe(30);
    expect((s.peek()!.body as { rows: string }).rows[0]).toBe('z');
  });

  it('drops and counts an unreadable segment instead of stopping', () => {
    const d = dir();
    const s = new DiskSpool(d, 1e9);
    s.append(5, { rows: [1] });
    s.append(6, { rows: [2] });
    const [first] = readdirSync(d).sort();
    writeFileSync(join(d, first!), 'not gzip');
    const seg = s.peek()!;
    expect(seg.points).toBe(6);
    expect(s.dropped).toBe(5);
  });
});
