/**
 * Lab configuration: one schema validates the file and yields the types. Everything has a default, so
 * `plastlab start` runs on embedded defaults; servers bind to loopback unless configured otherwise
 * (DESIGN.md "Stations, roles and isolation").
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatZodIssues, ValidationError } from '../kernel/errors.ts';

const port = z.int().min(1024).max(65535);
const host = z.string().min(1).max(255);
const mqttSegment = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, "-" or "_", at most 32');

export const ConfigSchema = z.strictObject({
  lab: z
    .strictObject({
      name: z.string().min(1).max(100).default('plastlab'),
      /** ISA-95 hierarchy used by the MQTT Unified Namespace */
      site: mqttSegment.default('site1'),
      area: mqttSegment.default('moulding'),
      line: mqttSegment.default('line1'),
      seed: z
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .default(1),
      tickMs: z.int().min(10).max(1000).default(100),
      dataDir: z.string().min(1).default('data'),
    })
    .prefault({}),
  stations: z
    .strictObject({
      count: z.int().min(1).max(64).default(1),
      /** station material preset (domain-model §2.3) */
      material: z.enum(['PP', 'ABS', 'PA6']).default('PP'),
    })
    .prefault({}),
  http: z
    .strictObject({ host: host.default('127.0.0.1'), port: z.int().min(0).max(65535).default(8080) })
    .prefault({}),
  mqtt: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: host.default('127.0.0.1'),
      port: port.default(1883),
      /** use an external broker (e.g. Mosquitto) instead of the embedded one */
      externalUrl: z.string().url().optional(),
    })
    .prefault({}),
  opcua: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: host.default('127.0.0.1'),
      /** station 1 listens here, station n on basePort + n − 1 */
      basePort: port.default(4840),
      /** folder with the official EUROMAP NodeSet2 files; without it the built-in model is served */
      nodesetsDir: z.string().optional(),
      /** teaching only: allows anonymous sessions and the None endpoint (logs a warning) */
      allowInsecure: z.boolean().default(false),
    })
    .prefault({}),
  modbus: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: host.default('127.0.0.1'),
      basePort: port.default(5020),
      allowWrites: z.boolean().default(true),
      /** optional client address allow-list, applied to every station */
      allowList: z.array(z.string().min(1)).optional(),
    })
    .prefault({}),
  historian: z
    .strictObject({
      /** raw values kept this many hours in the embedded historian */
      rawRetentionHours: z
        .number()
        .positive()
        .max(24 * 14)
        .default(4),
      influx: z
        .strictObject({
          url: z.string().url(),
          database: z.string().min(1).default('plastlab'),
          username: z.string().optional(),
          password: z.string().optional(),
        })
        .optional(),
    })
    .prefault({}),
});

export type LabConfig = z.infer<typeof ConfigSchema>;
export type LabConfigInput = z.input<typeof ConfigSchema>;

export function parseConfig(input: unknown, source = 'config'): LabConfig {
  const r = ConfigSchema.safeParse(input ?? {});
  if (!r.success) throw new ValidationError(`${source}: invalid configuration`, formatZodIssues(r.error));
  return r.data;
}

/** Load a YAML or JSON file; errors name the file, the line for syntax errors, and the field otherwise. */
export function loadConfigFile(path: string): LabConfig {
  const text = readFileSync(path, 'utf8');
  if (text.length > 1_000_000) throw new ValidationError(path, ['file is larger than the 1 MB limit']);
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 50 });
  } catch (e) {
    throw new ValidationError(path, [e instanceof Error ? e.message : String(e)]);
  }
  return parseConfig(doc, path);
}
