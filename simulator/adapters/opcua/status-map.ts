/**
 * Command API rejections in OPC UA's idiom (DESIGN.md principle 3; reliability-security §4.2;
 * OPC UA Part 4 §5.10.4.4 (Write) and §5.11.2 (Call)). docs/opcua.md carries the same table.
 */
import { type StatusCode, StatusCodes } from 'node-opcua';
import type { RejectionCode } from '../../kernel/command-types.ts';

export const WRITE_STATUS: Record<RejectionCode, StatusCode> = {
  unknown_signal: StatusCodes.BadNodeIdUnknown,
  unknown_action: StatusCodes.BadNotImplemented,
  type_mismatch: StatusCodes.BadTypeMismatch,
  not_finite: StatusCodes.BadOutOfRange,
  out_of_range: StatusCodes.BadOutOfRange,
  not_writable: StatusCodes.BadNotWritable,
  forbidden: StatusCodes.BadUserAccessDenied,
  other_station: StatusCodes.BadUserAccessDenied,
  invalid_args: StatusCodes.BadInvalidArgument,
  interlock: StatusCodes.BadInvalidState,
  precondition: StatusCodes.BadInvalidState,
  unavailable: StatusCodes.BadResourceUnavailable,
};

/** Method calls: the same table (an unknown action is a method the cell does not implement yet). */
export const CALL_STATUS: Record<RejectionCode, StatusCode> = WRITE_STATUS;

/** Worker-side failures that never reached the command API. */
export const TRANSPORT_STATUS: Record<string, StatusCode> = {
  timeout: StatusCodes.BadTimeout,
  no_identity: StatusCodes.BadUserAccessDenied,
  stopping: StatusCodes.BadServerHalted,
};

export function statusOfRejection(code: string, table: Record<RejectionCode, StatusCode>): StatusCode {
  return (
    (table as Record<string, StatusCode>)[code] ?? TRANSPORT_STATUS[code] ?? StatusCodes.BadInternalError
  );
}
