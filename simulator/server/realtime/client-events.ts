/**
 * Schemas of the events an HMI client may send (reliability-security WS-2 and §4.5: every event is
 * validated; invalid or unknown → error ack, no state change). The command shapes are the command API's
 * (`CommandInputSchema`, shared with REST and MQTT), with two HMI rules on top:
 * - a parameter change carries a reason (domain-model §5.2 I: "every parameter change carries a reason
 *   code");
 * - `id` is an idempotency key: a command re-sent after a reconnect is applied once (WS-4).
 * The station is never taken from the client: a `station` field naming another station is refused and
 * journaled (T4).
 */
import { z } from 'zod';
import { SCREENS } from './wire.ts';

const idemKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-"');
const station = z.string().max(64);

export const CommandEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('write'),
    signal: z.string().min(1).max(200),
    value: z.unknown(),
    reason: z.string().trim().min(1, 'a parameter change needs a reason code').max(500),
    id: idemKey.optional(),
    station: station.optional(),
  }),
  z.strictObject({
    kind: z.literal('action'),
    action: z.string().min(1).max(200),
    args: z.unknown().optional(),
    reason: z.string().max(500).optional(),
    id: idemKey.optional(),
    station: station.optional(),
  }),
]);
export type CommandEvent = z.infer<typeof CommandEventSchema>;

export const AlarmAckEventSchema = z.strictObject({
  equipment: z.string().min(1).max(64),
  code: z.string().min(1).max(64),
  id: idemKey.optional(),
  station: station.optional(),
});

const signalKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z][a-z0-9_.]*$/, 'a signal key');

export const ViewEventSchema = z.strictObject({
  screen: z.enum(SCREENS),
  /** equipment id (faceplate), curve name, access level… */
  target: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and . _ : - only')
    .optional(),
  signals: z.array(signalKey).max(16).optional(),
  /** time window looked at, epoch ms */
  from: z.number().finite().min(0).optional(),
  to: z.number().finite().min(0).optional(),
  station: station.optional(),
});
export type ViewEvent = z.infer<typeof ViewEventSchema>;

/** `diagnosis.submit` carries `{ expectedVersion, diagnosis }` (checked by `DiagnosisBook`). */
export const DiagnosisEventSchema = z.looseObject({ station: station.optional() });

export const ResyncEventSchema = z.union([z.undefined(), z.null(), z.strictObject({})]);

export const CLIENT_EVENTS = ['command', 'alarm.ack', 'view', 'diagnosis.submit', 'resync'] as const;
export type ClientEventName = (typeof CLIENT_EVENTS)[number];

/** Event names that look like an attempt at trainer functions: refused and journaled. */
export const FORGED_TRAINER =
  /^(fault|faults|trainer|score|scoring|exam|session|admin|inject|join|room|station)/i;

export function firstIssue(e: z.ZodError): string {
  const i = e.issues[0]!;
  return `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`;
}
