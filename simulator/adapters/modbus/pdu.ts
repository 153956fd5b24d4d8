/**
 * Request PDU validation (reliability-security §2.3 MB-1 and §4.3; Modbus Application Protocol v1.1b3
 * §6 and the per-function state diagrams: function → quantity and structure → address → execution).
 * Pure functions of the PDU and the register map, so every rule is unit-testable without a socket.
 *
 * - 01 Illegal Function: a function code other than 1, 2, 3, 4, 5, 6, 15, 16;
 * - 03 Illegal Data Value: a quantity outside the function's limits, a PDU whose length does not match
 *   its function (truncated or padded), a byte count that disagrees with the quantity, an FC5 value
 *   other than 0x0000/0xFF00;
 * - 02 Illegal Data Address: address + quantity beyond 65536, any address of the range unmapped, or a
 *   write that would cut a 32-bit value in half.
 * Values refused by the command API (out of range, NaN, wrong type) give 03 later, in the handler.
 */
import type { MapEntry, ModbusMap, Table } from './map.ts';

export const Exception = {
  IllegalFunction: 0x01,
  IllegalDataAddress: 0x02,
  IllegalDataValue: 0x03,
  ServerDeviceFailure: 0x04,
  ServerDeviceBusy: 0x06,
  GatewayTargetFailedToRespond: 0x0b,
} as const;
export type ExceptionCode = (typeof Exception)[keyof typeof Exception];

/** Quantity limits per function (Modbus Application Protocol §6.1–§6.12). */
export const LIMITS = { 1: 2000, 2: 2000, 3: 125, 4: 125, 15: 1968, 16: 123 } as const;

export const READ_FCS = [1, 2, 3, 4] as const;
export const WRITE_FCS = [5, 6, 15, 16] as const;
export const isWriteFc = (fc: number): boolean => fc === 5 || fc === 6 || fc === 15 || fc === 16;

export type Request =
  | { readonly fc: 1 | 2; readonly table: Table; readonly address: number; readonly quantity: number }
  | { readonly fc: 3 | 4; readonly table: Table; readonly address: number; readonly quantity: number }
  | { readonly fc: 5; readonly address: number; readonly value: boolean; readonly entry: MapEntry }
  | { readonly fc: 6; readonly address: number; readonly raw: number; readonly entry: MapEntry }
  | {
      readonly fc: 15;
      readonly address: number;
      readonly quantity: number;
      readonly writes: readonly { entry: MapEntry; words: number[] }[];
    }
  | {
      readonly fc: 16;
      readonly address: number;
      readonly quantity: number;
      readonly writes: readonly { entry: MapEntry; words: number[] }[];
    };

export type Parsed =
  | { readonly ok: true; readonly req: Request }
  | { readonly ok: false; readonly code: ExceptionCode };

const fail = (code: ExceptionCode): Parsed => ({ ok: false, code });

const READ_TABLE: Record<1 | 2 | 3 | 4, Table> = { 1: 'coil', 2: 'discrete', 3: 'holding', 4: 'input' };

/**
 * The entries a block write touches, with the words (or bits as 0/1) meant for each. Refuses (null) a
 * block that starts or ends inside a 32-bit value: half a float must never be applied.
 */
function splitWrite(
  map: ModbusMap,
  table: Table,
  address: number,
  values: readonly number[],
): { entry: MapEntry; words: number[] }[] | null {
  const out: { entry: MapEntry; words: number[] }[] = [];
  let a = address;
  const end = address + values.length;
  while (a < end) {
    const e = map.at(table, a);
    if (!e || e.address !== a || a + e.width > end) return null;
    out.push({ entry: e, words: values.slice(a - address, a - address + e.width) });
    a += e.width;
  }
  return out;
}

/** Validate a request PDU against the map. */
export function parseRequest(pdu: Buffer, map: ModbusMap): Parsed {
  const fc = pdu[0]!;
  switch (fc) {
    case 1:
    case 2:
    case 3:
    case 4: {
      if (pdu.length !== 5) return fail(Exception.IllegalDataValue);
      const address = pdu.readUInt16BE(1);
      const quantity = pdu.readUInt16BE(3);
      if (quantity < 1 || quantity > LIMITS[fc]) return fail(Exception.IllegalDataValue);
      const table = READ_TABLE[fc];
      if (address + quantity > 0x10000 || !map.covers(table, address, quantity)) {
        return fail(Exception.IllegalDataAddress);
      }
      return { ok: true, req: { fc, table, address, quantity } };
    }
    case 5: {
      if (pdu.length !== 5) return fail(Exception.IllegalDataValue);
      const address = pdu.readUInt16BE(1);
      const v = pdu.readUInt16BE(3);
      if (v !== 0x0000 && v !== 0xff00) return fail(Exception.IllegalDataValue);
      const entry = map.at('coil', address);
      if (!entry) return fail(Exception.IllegalDataAddress);
      return { ok: true, req: { fc, address, value: v === 0xff00, entry } };
    }
    case 6: {
      if (pdu.length !== 5) return fail(Exception.IllegalDataValue);
      const address = pdu.readUInt16BE(1);
      const entry = map.at('holding', address);
      // a single register cannot carry a 32-bit value: refuse rather than apply half of it
      if (entry?.width !== 1) return fail(Exception.IllegalDataAddress);
      return { ok: true, req: { fc, address, raw: pdu.readUInt16BE(3), entry } };
    }
    case 15:
    case 16: {
      if (pdu.length < 6) return fail(Exception.IllegalDataValue);
      const address = pdu.readUInt16BE(1);
      const quantity = pdu.readUInt16BE(3);
      const byteCount = pdu[5]!;
      if (quantity < 1 || quantity > LIMITS[fc]) return fail(Exception.IllegalDataValue);
      const expected = fc === 15 ? Math.ceil(quantity / 8) : quantity * 2;
      if (byteCount !== expected || pdu.length !== 6 + byteCount) return fail(Exception.IllegalDataValue);
      if (address + quantity > 0x10000) return fail(Exception.IllegalDataAddress);
      const table: Table = fc === 15 ? 'coil' : 'holding';
      if (!map.covers(table, address, quantity)) return fail(Exception.IllegalDataAddress);
      const values: number[] = new Array(quantity);
      for (let i = 0; i < quantity; i++) {
        values[i] = fc === 15 ? (pdu[6 + (i >> 3)]! >> (i & 7)) & 1 : pdu.readUInt16BE(6 + 2 * i);
      }
      const writes = splitWrite(map, table, address, values);
      if (!writes) return fail(Exception.IllegalDataAddress);
      return { ok: true, req: { fc, address, quantity, writes } };
    }
    default:
      return fail(Exception.IllegalFunction);
  }
}

/** An exception response PDU. */
export const exceptionPdu = (fc: number, code: number): Buffer => Buffer.from([(fc | 0x80) & 0xff, code]);
