/**
 * Generated interface documents (DESIGN.md principle 9): the committed files equal what
 * `scripts/gen-docs.ts` produces from the signal model now, and the register map CSV/Markdown describe
 * exactly the map the server serves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generators, main, ROOT, staleFiles } from '../../../scripts/gen-docs.ts';
import { GENERATED_MARK, modbusMapCsv, modbusMapMarkdown } from '../../../simulator/adapters/modbus/docs.ts';
import { ModbusMap } from '../../../simulator/adapters/modbus/map.ts';
import { SignalRegistry } from '../../../simulator/kernel/registry.ts';
import { tempDir } from '../../helpers/lab.ts';
import { ModbusToy } from '../../helpers/modbus-model.ts';

const toyMap = () =>
  new ModbusMap(new SignalRegistry([{ equipment: 'mb', signals: new ModbusToy('mb').declare() }]).signals);

describe('generated docs', () => {
  it('the committed generated files are up to date', () => {
    for (const g of generators) {
      let committed = '';
      try {
        committed = readFileSync(join(ROOT, g.file), 'utf8');
      } catch {
        committed = '(missing)';
      }
      expect(committed, `${g.file} is stale: run \`node scripts/gen-docs.ts\` and commit the result`).toBe(
        g.generate(),
      );
    }
    expect(staleFiles()).toEqual([]);
  });

  it('starts every generated file with the "do not edit" marker', () => {
    for (const g of generators) expect(g.generate().split('\n')[0]).toContain(GENERATED_MARK);
  });

  it('--check exits 1 and names the stale files; a run writes them; --check then exits 0', () => {
    const tmp = tempDir();
    const lines: string[] = [];
    const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    try {
      expect(main(['--check'], tmp.dir, out)).toBe(1);
      expect(lines).toContain('stale: docs/generated/modbus-map.csv');
      expect(main([], tmp.dir, out)).toBe(0);
      expect(main(['--check'], tmp.dir, out)).toBe(0);
      expect(readFileSync(join(tmp.dir, 'docs/generated/modbus-map.csv'), 'utf8')).toBe(
        generators[0]!.generate(),
      );
    } finally {
      tmp.cleanup();
    }
  });

  it('the CSV lists every served address with its encoding, scale, word order, labels, unit, range and access', () => {
    const csv = modbusMapCsv(toyMap()).split('\n');
    expect(csv[1]).toBe('address,table,encoding,scale,word_order,signal,label_fr,label_en,unit,range,access');
    expect(csv).toContain(
      '0,holding,int16,10,,mb.temp_sp,Consigne température,Temperature set point,°C,0…300,rw',
    );
    expect(csv).toContain('8,holding,float32,1,little,mb.bias,Bias,Bias,,-50…50,rw');
    expect(csv).toContain('10,holding,uint16,1,,mb.mode,Mode,Mode,,"0…2 (0=manual, 1=semi, 2=auto)",rw');
    expect(csv).toContain(
      '11,holding,uint16,1,,mb.firmware,"Micrologiciel, version","Firmware ""rev"", version",,,r',
    );
    expect(csv).toContain('20,holding,int16,10,,mb.service_sp,Service set point,Service set point,,0…100,r');
    expect(csv).toContain('1,discrete,bool,1,,mb.door,Door open,Door open,,0/1,r');
    expect(csv.filter((l) => /^\d/.test(l))).toHaveLength(toyMap().entries.length);
    const text = csv.join('\n');
    for (const hidden of ['true_pressure', 'fault_code', 'hidden_input', 'label_text'])
      expect(text).not.toContain(hidden);
  });

  it('the Markdown shows one table per Modbus table, 32-bit values as address ranges', () => {
    const md = modbusMapMarkdown(toyMap(), 'the test model');
    expect(md).toContain('## Holding registers (4x, FC3 read, FC6/FC16 write)');
    expect(md).toContain('| 6–7 | float32 | 1 | big | `mb.gain` |');
    expect(md).not.toContain('fault_code');
  });
});
