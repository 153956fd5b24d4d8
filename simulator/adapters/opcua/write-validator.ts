/**
 * Our own validator in front of node-opcua (reliability-security OPC-7 and §4.2): node-opcua checks
 * neither the signal model's limits nor NaN, and lets a client write StatusCode and timestamps. Every
 * refusal happens here, before anything reaches the command API, so the value reads back unchanged; the
 * command API then checks again (role, station, range, interlocks) at the tick boundary.
 */
import { type StatusCode, StatusCodes } from 'node-opcua';
import type { Role } from '../../kernel/signal-schema.ts';
import { type Codec, decode, type VariantLike } from './codec.ts';
import type { SignalSpec } from './protocol.ts';

export interface WriteAttempt {
  readonly variant: VariantLike;
  /** the client set a StatusCode other than Good, or a source/server timestamp (Part 4 Table 61) */
  readonly setsStatusOrTimestamps: boolean;
  /** an IndexRange on a scalar */
  readonly indexRange: boolean;
  /** roles of the authenticated user; null for an anonymous session */
  readonly roles: readonly Role[] | null;
}

export type WriteVerdict = { ok: true; value: number | boolean | string } | { ok: false; status: StatusCode };

const refuse = (status: StatusCode): WriteVerdict => ({ ok: false, status });

export function validateWrite(spec: SignalSpec, codec: Codec, w: WriteAttempt): WriteVerdict {
  if (spec.writeRoles.length === 0) return refuse(StatusCodes.BadNotWritable);
  if (!w.roles?.some((r) => spec.writeRoles.includes(r))) return refuse(StatusCodes.BadUserAccessDenied);
  if (w.setsStatusOrTimestamps) return refuse(StatusCodes.BadWriteNotSupported);
  if (w.indexRange) return refuse(StatusCodes.BadIndexRangeNoData);
  const d = decode(codec, w.variant);
  if (!d.ok) return refuse(d.reason === 'type' ? StatusCodes.BadTypeMismatch : StatusCodes.BadOutOfRange);
  const v = d.value;
  if (typeof v === 'number') {
    if (spec.type === 'int' && !Number.isInteger(v)) return refuse(StatusCodes.BadTypeMismatch);
    const r = spec.range;
    if (spec.type !== 'enum' && r && (v < r.min || v > r.max)) return refuse(StatusCodes.BadOutOfRange);
    if (spec.type === 'enum' && (v < 0 || v >= (spec.enumValues?.length ?? 0))) {
      return refuse(StatusCodes.BadOutOfRange);
    }
  }
  if (typeof v === 'string' && v.length > 200) return refuse(StatusCodes.BadOutOfRange);
  return { ok: true, value: v };
}
