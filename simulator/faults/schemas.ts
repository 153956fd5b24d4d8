/**
 * Wire schemas of the fault engine: the trainer actions' arguments (also the REST bodies, so they appear in
 * the OpenAPI document) and the `fault` journal payload, written exactly as the scorer reads it
 * (scoring/journal-model.ts `FaultPayloadSchema`; tests/unit/faults/contract.test.ts checks they agree).
 */
import { z } from 'zod';

export const FaultIdSchema = z.string().regex(/^F(0[1-9]|1[0-9]|2[0-5])$/, 'a fault id F01…F25');

export const ComponentIdSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/,
    '`<equipment>` or `<equipment>.<component>` (taxonomy ids)',
  );

export const ProfileSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('step') }),
  z.strictObject({ kind: z.literal('ramp'), duration_s: z.number().finite().positive() }),
  z.strictObject({
    kind: z.literal('intermittent'),
    on_s: z.number().finite().positive(),
    off_s: z.number().finite().positive(),
    persistent_after_s: z.number().finite().positive().optional(),
  }),
]);

const scalar = z.union([z.number().finite(), z.string().max(200), z.boolean()]);
export const ParamsSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), scalar);
const InstanceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" or "-", at most 64');

/** `fault.inject` (and the body of `POST /api/stations/:id/faults`) */
export const InjectArgsSchema = z.strictObject({
  fault: FaultIdSchema,
  /** instance id, unique in the station (default generated: `F03-1`…) */
  id: InstanceIdSchema.optional(),
  /** 1 = the default severity of domain-model §4 "Inject" */
  severity: z.number().finite().min(0).max(2).optional(),
  variant: z.string().min(1).max(64).optional(),
  component: ComponentIdSchema.optional(),
  profile: ProfileSchema.optional(),
  params: ParamsSchema.optional(),
  exercise: z.string().min(1).max(100).optional(),
  item: z.string().min(1).max(64).optional(),
  option: z.string().min(1).max(64).optional(),
});
export type InjectArgs = z.infer<typeof InjectArgsSchema>;

/** `fault.schedule`: the same, with the onset as a station time or a delay */
export const ScheduleArgsSchema = InjectArgsSchema.extend({
  /** station simulation seconds of the onset */
  at_s: z.number().finite().min(0).optional(),
  /** or: seconds from now */
  in_s: z
    .number()
    .finite()
    .min(0)
    .max(7 * 86400)
    .optional(),
}).refine((a) => (a.at_s === undefined) !== (a.in_s === undefined), 'give exactly one of at_s or in_s');
export type ScheduleArgs = z.infer<typeof ScheduleArgsSchema>;

/** `fault.clear`: one instance, every instance of a fault, or everything */
export const ClearArgsSchema = z
  .strictObject({
    id: InstanceIdSchema.optional(),
    fault: FaultIdSchema.optional(),
    all: z.literal(true).optional(),
  })
  .refine(
    (a) => [a.id, a.fault, a.all].filter((v) => v !== undefined).length === 1,
    'give exactly one of id, fault or all',
  );
export type ClearArgs = z.infer<typeof ClearArgsSchema>;

export const ListArgsSchema = z.strictObject({ all: z.boolean().optional() });

/** The `fault` journal payload (scoring/journal-model.ts `FaultPayloadSchema`). */
export const FaultPayloadSchema = z.strictObject({
  action: z.enum(['inject', 'schedule', 'clear', 'cancel']),
  fault: FaultIdSchema,
  id: z.string().min(1).max(64),
  exercise: z.string().min(1).max(100).optional(),
  item: z.string().min(1).max(64).optional(),
  option: z.string().min(1).max(64).optional(),
  component: ComponentIdSchema.optional(),
  severity: z.number().finite().min(0).max(2).optional(),
  variant: z.string().min(1).max(64).optional(),
  profile: ProfileSchema.optional(),
  params: ParamsSchema.optional(),
  onset_t: z.number().finite().min(0).optional(),
  source: z.enum(['timeline', 'trainer']).default('timeline'),
});
export type FaultPayload = z.input<typeof FaultPayloadSchema>;

/** One instance as the trainer's list shows it. */
export const FaultViewSchema = z.object({
  id: z.string(),
  fault: z.string(),
  name: z.strictObject({ fr: z.string(), en: z.string() }),
  component: z.string(),
  variant: z.string(),
  severity: z.number(),
  profile: ProfileSchema,
  params: ParamsSchema,
  onset_t: z.number(),
  state: z.enum(['scheduled', 'active', 'repaired', 'cleared']),
  level: z.number(),
  source: z.enum(['timeline', 'trainer']),
  ended_t: z.number().optional(),
  ended_by: z.string().optional(),
  exercise: z.string().optional(),
  item: z.string().optional(),
});
export type FaultView = z.infer<typeof FaultViewSchema>;
