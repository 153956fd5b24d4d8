/**
 * The Modbus register map of one station, generated from the signal registry (DESIGN.md principle 1;
 * standards.md §1.11). Only what the Modbus conduit's identity may read appears: candidate-visible
 * signals readable by the candidate roles (operator, technician). Trainer-only signals never appear,
 * even if a declaration tried to map one (defence in depth on top of the schema's own check; T3/I3).
 */
import type { ModbusBlock, RegisteredSignal, Role } from '../../kernel/signal-schema.ts';
import { modbusWidth } from '../../kernel/signal-schema.ts';

export type Table = ModbusBlock['table'];
export const TABLES: readonly Table[] = ['coil', 'discrete', 'input', 'holding'];

/** The roles of a Modbus client: the port is the station's conduit, there is no login (docs/modbus.md). */
export const MODBUS_ROLES: readonly Role[] = ['operator', 'technician'];

export interface MapEntry {
  readonly sig: RegisteredSignal;
  readonly table: Table;
  readonly address: number;
  /** registers (1 or 2) or bits (1) */
  readonly width: number;
  readonly encoding: ModbusBlock['encoding'];
  /** raw = engineering × scale for the integer encodings; 1 for bool and float32 */
  readonly scale: number;
  readonly wordOrder: 'big' | 'little';
  /** the candidate roles may write it (the command API still has the last word) */
  readonly writable: boolean;
  /** counters wrap modulo 2^bits like a PLC counter; other values saturate */
  readonly wraps: boolean;
}

export interface SkippedSignal {
  readonly key: string;
  readonly reason: string;
}

/** Per table: `slot[address]` is the index of the entry holding that address, or −1. */
export interface TableSlots {
  readonly size: number;
  readonly slot: Int32Array;
}

export class ModbusMap {
  readonly entries: readonly MapEntry[];
  readonly tables: Readonly<Record<Table, TableSlots>>;
  /** entry by signal index (dense), for the per-tick image update */
  readonly bySignal: readonly (MapEntry | undefined)[];
  readonly skipped: readonly SkippedSignal[];

  constructor(signals: readonly RegisteredSignal[]) {
    const entries: MapEntry[] = [];
    const skipped: SkippedSignal[] = [];
    const bySignal: (MapEntry | undefined)[] = [];
    for (const sig of signals) {
      const mb = sig.channels.modbus;
      if (!mb) continue;
      if (sig.visibility !== 'candidate') {
        skipped.push({ key: sig.key, reason: 'trainer-only' });
        continue;
      }
      if (!sig.access.read.some((r) => MODBUS_ROLES.includes(r))) {
        skipped.push({ key: sig.key, reason: 'not readable by the candidate roles' });
        continue;
      }
      if (sig.type === 'string') {
        skipped.push({ key: sig.key, reason: 'text signals have no Modbus encoding' });
        continue;
      }
      const integer = mb.encoding !== 'bool' && mb.encoding !== 'float32';
      const e: MapEntry = {
        sig,
        table: mb.table,
        address: mb.address,
        width: modbusWidth(mb.encoding),
        encoding: mb.encoding,
        scale: integer ? mb.scale : 1,
        wordOrder: mb.wordOrder,
        writable:
          (mb.table === 'coil' || mb.table === 'holding') &&
          sig.access.write.some((r) => MODBUS_ROLES.includes(r)),
        wraps: sig.kind === 'counter',
      };
      entries.push(e);
      bySignal[sig.index] = e;
    }
    entries.sort((a, b) => TABLES.indexOf(a.table) - TABLES.indexOf(b.table) || a.address - b.address);
    const tables = {} as Record<Table, TableSlots>;
    for (const t of TABLES) {
      const mine = entries.filter((e) => e.table === t);
      const size = mine.reduce((m, e) => Math.max(m, e.address + e.width), 0);
      const slot = new Int32Array(size).fill(-1);
      for (const e of mine) {
        const i = entries.indexOf(e);
        for (let w = 0; w < e.width; w++) {
          // the registry already refused overlaps; keep the first owner if a hand-made list has one
          if (slot[e.address + w] === -1) slot[e.address + w] = i;
        }
      }
      tables[t] = { size, slot };
    }
    this.entries = entries;
    this.tables = tables;
    this.bySignal = bySignal;
    this.skipped = skipped;
  }

  /** The entry at `address` of `table`, if any. */
  at(table: Table, address: number): MapEntry | undefined {
    const t = this.tables[table];
    if (address < 0 || address >= t.size) return undefined;
    const i = t.slot[address]!;
    return i < 0 ? undefined : this.entries[i];
  }

  /** True when every address of [address, address + quantity) is mapped in `table`. */
  covers(table: Table, address: number, quantity: number): boolean {
    const t = this.tables[table];
    if (address + quantity > t.size) return false;
    for (let a = address; a < address + quantity; a++) if (t.slot[a]! < 0) return false;
    return true;
  }

  count(table: Table): number {
    return this.entries.filter((e) => e.table === table).length;
  }
}
