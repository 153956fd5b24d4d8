/**
 * Executes validated requests for one station: reads come synchronously from the register image;
 * writes go only through the command API (DESIGN.md principle 3), one command per signal, a block that
 * spans several signals as one all-or-nothing group (`station.submitAll`), and are answered only once
 * the command record exists (applied at the next tick boundary, journaled durably).
 */
import type { Actor, Command, CommandRecord, RejectionCode } from '../../kernel/command-types.ts';
import type { Station } from '../../kernel/station.ts';
import { decode } from './codec.ts';
import type { RegisterImage } from './image.ts';
import { type MapEntry, MODBUS_ROLES } from './map.ts';
import { Exception, type ExceptionCode, exceptionPdu, isWriteFc, parseRequest, type Request } from './pdu.ts';

/**
 * Unit identifiers that address the station (Modbus Messaging on TCP/IP Implementation Guide §4.4.2:
 * on TCP the server is addressed by its IP address and port; 0xFF is the recommended value and 0 is
 * also accepted). 1 is what most tools send by default (mbpoll `-a 1`). Any other id answers exception
 * 0x0B "gateway target device failed to respond": there is nothing behind this port but the station.
 */
export const UNIT_IDS: ReadonlySet<number> = new Set([0, 1, 255]);

/** A command rejection in Modbus's idiom (reliability-security §4.3, docs/modbus.md). */
export const exceptionOf = (code: RejectionCode): ExceptionCode => {
  switch (code) {
    case 'type_mismatch':
    case 'not_finite':
    case 'out_of_range':
    case 'interlock':
    case 'precondition':
    case 'invalid_args':
      return Exception.IllegalDataValue;
    case 'not_writable':
    case 'forbidden':
    case 'unknown_signal':
      return Exception.IllegalDataAddress;
    case 'unavailable':
      return Exception.ServerDeviceBusy;
    default:
      return Exception.ServerDeviceFailure;
  }
};

export interface HandlerCounters {
  requests: number;
  exceptions: Record<string, number>;
  writesAccepted: number;
  writesRejected: number;
  internalErrors: number;
}

export interface ClientInfo {
  /** IP address (IPv4-mapped IPv6 shown as IPv4) */
  readonly address: string;
  readonly port: number;
}

export class StationHandler {
  readonly station: Station;
  readonly image: RegisterImage;
  readonly counters: HandlerCounters = {
    requests: 0,
    exceptions: {},
    writesAccepted: 0,
    writesRejected: 0,
    internalErrors: 0,
  };
  writesEnabled: boolean;
  private readonly log: (line: string) => void;

  constructor(
    station: Station,
    image: RegisterImage,
    opts: { writesEnabled: boolean; log?: (l: string) => void },
  ) {
    this.station = station;
    this.image = image;
    this.writesEnabled = opts.writesEnabled;
    this.log = opts.log ?? (() => {});
  }

  private exception(fc: number, code: ExceptionCode): Buffer {
    const k = code.toString(16).padStart(2, '0');
    this.counters.exceptions[k] = (this.counters.exceptions[k] ?? 0) + 1;
    return exceptionPdu(fc, code);
  }

  /** The response PDU to a request PDU: at once for reads and refusals, after the tick for writes. */
  handle(unit: number, pdu: Buffer, client: ClientInfo): Buffer | Promise<Buffer> {
    this.counters.requests++;
    const fc = pdu[0]!;
    try {
      if (!UNIT_IDS.has(unit)) return this.exception(fc, Exception.GatewayTargetFailedToRespond);
      // writes disabled for this exercise: the function itself is not allowed (a read-only device)
      if (isWriteFc(fc) && !this.writesEnabled) return this.exception(fc, Exception.IllegalFunction);
      const p = parseRequest(pdu, this.image.map);
      if (!p.ok) return this.exception(fc, p.code);
      const req = p.req;
      switch (req.fc) {
        case 1:
        case 2:
          return this.readBits(
            req.fc,
            req.fc === 1 ? this.image.coil : this.image.discrete,
            req.address,
            req.quantity,
          );
        case 3:
        case 4:
          return this.readRegisters(
            req.fc,
            req.fc === 3 ? this.image.holding : this.image.input,
            req.address,
            req.quantity,
          );
        default:
          return this.write(req, pdu, client);
      }
    } catch (e) {
      this.counters.internalErrors++;
      this.log(
        `modbus ${this.station.id}: internal error on FC${fc}: ${e instanceof Error ? e.message : String(e)}`,
      );
      return this.exception(fc, Exception.ServerDeviceFailure);
    }
  }

  private readBits(fc: number, bits: Uint8Array, address: number, quantity: number): Buffer {
    const n = Math.ceil(quantity / 8);
    const out = Buffer.alloc(2 + n);
    out[0] = fc;
    out[1] = n;
    for (let i = 0; i < quantity; i++) if (bits[address + i]) out[2 + (i >> 3)]! |= 1 << (i & 7);
    return out;
  }

  private readRegisters(fc: number, regs: Uint16Array, address: number, quantity: number): Buffer {
    const out = Buffer.allocUnsafe(2 + 2 * quantity);
    out[0] = fc;
    out[1] = 2 * quantity;
    for (let i = 0; i < quantity; i++) out.writeUInt16BE(regs[address + i]!, 2 + 2 * i);
    return out;
  }

  /** The value the command API expects for an entry: a boolean for bool signals, a number otherwise. */
  private valueFor(e: MapEntry, words: readonly number[]): number | boolean {
    if (e.encoding === 'bool') return e.sig.type === 'bool' ? words[0] === 1 : words[0]!;
    return decode(e, words);
  }

  private async write(
    req: Exclude<Request, { fc: 1 | 2 | 3 | 4 }>,
    pdu: Buffer,
    client: ClientInfo,
  ): Promise<Buffer> {
    const st = this.station;
    const actor: Actor = {
      user: `modbus:${client.address}`,
      roles: MODBUS_ROLES,
      channel: 'modbus',
      station: st.id,
      client: `${client.address}:${client.port}`,
    };
    const parts: { entry: MapEntry; value: number | boolean }[] =
      req.fc === 5
        ? [{ entry: req.entry, value: req.entry.sig.type === 'bool' ? req.value : req.value ? 1 : 0 }]
        : req.fc === 6
          ? [{ entry: req.entry, value: this.valueFor(req.entry, [req.raw]) }]
          : req.writes.map((w) => ({ entry: w.entry, value: this.valueFor(w.entry, w.words) }));
    const cmds: Command[] = parts.map((p) => ({
      station: st.id,
      actor,
      input: { kind: 'write', signal: p.entry.sig.key, value: p.value },
    }));
    let recs: CommandRecord[];
    try {
      recs = cmds.length === 1 ? [await st.submit(cmds[0]!)] : await st.submitAll(cmds);
    } catch (e) {
      this.counters.internalErrors++;
      this.log(`modbus ${st.id}: command failed: ${e instanceof Error ? e.message : String(e)}`);
      return this.exception(req.fc, Exception.ServerDeviceFailure);
    }
    const refused = recs.find((r) => r.status === 'rejected');
    if (refused) {
      this.counters.writesRejected++;
      return this.exception(req.fc, exceptionOf(refused.rejection?.code ?? 'unavailable'));
    }
    this.counters.writesAccepted++;
    // FC5/FC6 echo the request; FC15/FC16 echo the address and the quantity
    return req.fc === 5 || req.fc === 6 ? Buffer.from(pdu) : Buffer.from(pdu.subarray(0, 5));
  }
}
