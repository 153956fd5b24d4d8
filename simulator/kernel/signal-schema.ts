/**
 * The one declarative signal model (DESIGN.md principle 1).
 *
 * Every equipment declares its signals once with this schema. The same schema validates the declaration
 * and yields the TypeScript types; OPC UA nodes, MQTT topics, the Modbus map, historian series and HMI
 * bindings are all generated from the parsed result.
 */
import { z } from 'zod';

/** Who acts. Candidates hold `operator` and `technician`; trainers hold `trainer`. */
export const RoleSchema = z.enum([
  'operator',
  'technician',
  'maintenance',
  'trainer',
  'mes',
  'integrator',
  'observer',
  'system',
]);
export type Role = z.infer<typeof RoleSchema>;

export const DataTypeSchema = z.enum(['float', 'int', 'bool', 'enum', 'string']);
export type DataType = z.infer<typeof DataTypeSchema>;

/** Data quality (OPC UA Part 4 / domain-model §7.1): every value carries one. */
export const Quality = { Good: 0, Uncertain: 1, Bad: 2 } as const;
export type QualityCode = (typeof Quality)[keyof typeof Quality];
export const qualityName = (q: number): 'Good' | 'Uncertain' | 'Bad' =>
  q === Quality.Good ? 'Good' : q === Quality.Uncertain ? 'Uncertain' : 'Bad';

const LocalizedSchema = z.strictObject({ fr: z.string().min(1), en: z.string().min(1) });

/** OPC UA channel: browse path below `Objects/`, e.g. `DeviceSet/IMM_1/MachineStatus/MachineMode`. */
export const OpcuaBlockSchema = z.strictObject({
  browsePath: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*(\/[A-Za-z][A-Za-z0-9_]*)+$/, 'segments separated by "/", letters first'),
});

/** Modbus channel (standards.md §4.2): table, address, encoding, scale and word order. */
export const ModbusBlockSchema = z.strictObject({
  table: z.enum(['coil', 'discrete', 'input', 'holding']),
  address: z.int().min(0).max(65535),
  encoding: z.enum(['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32']),
  /** raw = engineering × scale (for the integer encodings) */
  scale: z.number().positive().default(1),
  wordOrder: z.enum(['big', 'little']).default('big'),
});

/** MQTT channel: topic below the station prefix `plastlab/<site>/<area>/<line>/<station>/`. */
export const MqttBlockSchema = z.strictObject({
  topic: z
    .string()
    .regex(/^[a-z0-9_]+(\/[a-z0-9_]+){0,8}$/, 'lower-case segments separated by "/", at most 9'),
});

export const ChannelsSchema = z
  .strictObject({
    opcua: OpcuaBlockSchema.optional(),
    modbus: ModbusBlockSchema.optional(),
    mqtt: MqttBlockSchema.optional(),
  })
  .default({});

const RangeSchema = z
  .strictObject({ min: z.number(), max: z.number() })
  .refine((r) => Number.isFinite(r.min) && Number.isFinite(r.max) && r.min < r.max, {
    message: 'range.min must be finite and below range.max',
  });

export const SignalDefSchema = z
  .strictObject({
    /** local id within the equipment: lower-case, dot-separated, e.g. `zone1.temp_actual` */
    id: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'lower-case words separated by "."'),
    label: LocalizedSchema,
    type: DataTypeSchema,
    unit: z.string().default(''),
    /** engineering range: the writable limits of a set point and the EURange of a measurement */
    range: RangeSchema.optional(),
    enumValues: z.array(z.string().min(1)).min(2).optional(),
    access: z.strictObject({
      read: z.array(RoleSchema).min(1),
      write: z.array(RoleSchema).default([]),
    }),
    visibility: z.enum(['candidate', 'trainer']),
    kind: z.enum(['measurement', 'setpoint', 'state', 'counter', 'parameter']),
    initial: z.union([z.number(), z.boolean(), z.string()]).optional(),
    /** expected measurement noise σ, used by tests and the HMI trend scaling (domain-model §7.2) */
    sigma: z.number().min(0).optional(),
    channels: ChannelsSchema,
  })
  .superRefine((s, ctx) => {
    if (s.type === 'enum' && !s.enumValues) {
      ctx.addIssue({ code: 'custom', path: ['enumValues'], message: 'required when type is "enum"' });
    }
    if ((s.type === 'float' || s.type === 'int') && s.access.write.length > 0 && !s.range) {
      ctx.addIssue({ code: 'custom', path: ['range'], message: 'a writable numeric signal needs a range' });
    }
    if (s.visibility === 'trainer') {
      const candidateRoles = ['operator', 'technician'] as const;
      for (const key of ['read', 'write'] as const) {
        if (s.access[key].some((r) => (candidateRoles as readonly string[]).includes(r))) {
          ctx.addIssue({
            code: 'custom',
            path: ['access', key],
            message: 'a trainer-only signal cannot grant candidate roles',
          });
        }
      }
      if (s.channels.opcua || s.channels.modbus || s.channels.mqtt) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels'],
          message: 'a trainer-only signal cannot be mapped to a candidate protocol channel',
        });
      }
    }
    const mb = s.channels.modbus;
    if (mb) {
      const bitTable = mb.table === 'coil' || mb.table === 'discrete';
      if (bitTable !== (mb.encoding === 'bool')) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels', 'modbus', 'encoding'],
          message: `encoding "${mb.encoding}" does not fit table "${mb.table}" (bits need "bool")`,
        });
      }
      if (s.access.write.length > 0 && (mb.table === 'input' || mb.table === 'discrete')) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels', 'modbus', 'table'],
          message: `a writable signal must map to a writable table (holding or coil), not "${mb.table}"`,
        });
      }
    }
  });

export type SignalDefInput = z.input<typeof SignalDefSchema>;
export type SignalDef = z.infer<typeof SignalDefSchema>;
export type ModbusBlock = z.infer<typeof ModbusBlockSchema>;

/** Number of 16-bit registers a Modbus encoding occupies. */
export const modbusWidth = (encoding: ModbusBlock['encoding']): number =>
  encoding === 'int32' || encoding === 'uint32' || encoding === 'float32' ? 2 : 1;

/** A signal after registration in a station: full id (`<equipment>.<local id>`) and dense index. */
export interface RegisteredSignal extends SignalDef {
  /** `<equipment id>.<local id>`, e.g. `imm.zone1.temp_actual` */
  readonly key: string;
  readonly equipment: string;
  readonly index: number;
}
