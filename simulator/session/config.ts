/**
 * Lab configuration: one schema validates the file and yields the types. Everything has a default, so
 * `plastlab start` runs on embedded defaults; servers bind to loopback unless configured otherwise
 * (DESIGN.md "Stations, roles and isolation").
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatZodIssues, ValidationError } from '../kernel/errors.ts';

const port = z.int().min(1024).max(65535);

/** `a.b.c.d`, an IPv6 address, or either followed by `/prefix` (Modbus allow-list entries). */
const isIpOrCidr = (s: string): boolean => {
  const [addr = '', prefix, extra] = s.split('/');
  const v = isIP(addr);
  if (v === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (v === 4 ? 32 : 128);
};
const allowEntry = z
  .string()
  .min(1)
  .max(64)
  .refine((s) => isIpOrCidr(s), 'an IP address or a CIDR subnet such as 10.0.1.0/24');
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
      /**
       * number of the first station (`st<first>`): several plastlab instances can share a broker and an
       * InfluxDB, each owning a range of stations (instance 2 of a 32-station class: first 17, count 16)
       */
      first: z.int().min(1).max(999).default(1),
      /** station material preset (domain-model §2.3) */
      material: z.enum(['PP', 'ABS', 'PA6']).default('PP'),
      /** the hot-runner variant of the mould (R-PP-HR, domain-model §1.2; needed by F19 exercises) */
      hotRunner: z.boolean().default(false),
    })
    .prefault({}),
  http: z
    .strictObject({
      host: host.default('127.0.0.1'),
      port: z.int().min(0).max(65535).default(8080),
      /**
       * a separate listener for the trainer side (console, fault, session and scoring APIs; trainer and jury
       * accounts only), to bind on the trainers' network only (reliability-security C2/T11). Without it, one
       * port serves both sides.
       */
      trainerPort: z.int().min(0).max(65535).optional(),
      trainerHost: host.optional(),
    })
    .prefault({}),
  /** MQTT: Unified Namespace JSON + Sparkplug B (docs/mqtt.md; reliability-security §2.2 MQ-1…MQ-6) */
  mqtt: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: host.default('127.0.0.1'),
      /** embedded broker TCP port; 0 picks an ephemeral port (tests) */
      port: z.union([z.literal(0), port]).default(1883),
      /** MQTT over WebSocket at `/mqtt` on the HTTP server (embedded broker only) */
      websocket: z.boolean().default(true),
      /** use an external broker (e.g. Mosquitto) instead of the embedded one */
      externalUrl: z.string().url().optional(),
      /** service account of the lab on the external broker (docs/mqtt.md "External broker") */
      username: z.string().min(1).max(128).optional(),
      password: z.string().min(1).max(256).optional(),
      /** largest PUBLISH payload a client may send (aedes has no limit of its own; MQ-3) */
      maxPayloadBytes: z
        .int()
        .min(1024)
        .max(16 * 1024 * 1024)
        .default(64 * 1024),
      /** deepest topic or filter accepted (aedes' own ceiling is 100; MQ-4) */
      maxTopicLevels: z.int().min(8).max(100).default(16),
      /** simultaneous client connections to the embedded broker; more get CONNACK 3 */
      maxClients: z.int().min(1).max(100_000).default(1000),
      /** simultaneous connections of one user (a candidate cannot starve the others); more get CONNACK 3 */
      maxClientsPerUser: z.int().min(1).max(10_000).default(32),
      sparkplug: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** Sparkplug group id; default `<site>-<line>` */
          groupId: z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, ".", "-" or "_", at most 64')
            .optional(),
        })
        .prefault({}),
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
      /** classroom only: trust every client certificate instead of `<dataDir>/pki/opcua/<st>/trusted` */
      autoAcceptCertificates: z.boolean().default(false),
      /** host name in the advertised endpoint URLs (default: `host`, or the machine name for 0.0.0.0) */
      hostname: host.optional(),
      /** explicit limits (reliability-security OPC-8) */
      maxSessions: z.int().min(1).max(100).default(10),
      maxConnectionsPerEndpoint: z.int().min(1).max(100).default(10),
      maxMessageSize: z
        .int()
        .min(8192)
        .max(64 * 1024 * 1024)
        .default(4 * 1024 * 1024),
      maxChunkCount: z.int().min(1).max(4096).default(128),
    })
    .prefault({}),
  /** Modbus TCP, one server per station (docs/modbus.md; reliability-security §2.3 MB-1…MB-4) */
  modbus: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: host.default('127.0.0.1'),
      /** station 1 listens here, station n on basePort + n − 1; 0 gives each station an ephemeral port */
      basePort: z.union([z.literal(0), port]).default(5020),
      /** false: every write function answers exception 01 (per station at runtime: the adapter's service) */
      allowWrites: z.boolean().default(true),
      /** optional client allow-list (IPv4/IPv6 addresses or CIDR subnets), applied to every station */
      allowList: z.array(allowEntry).max(1000).optional(),
      /** per-station allow-lists (`st1: [10.0.1.11]`), replacing `allowList` for the stations named */
      allowListByStation: z
        .record(z.string().regex(/^st[1-9][0-9]?$/, 'a station id: st1, st2…'), z.array(allowEntry).max(1000))
        .optional(),
      /** simultaneous connections per station (MB-3); more are refused at connection */
      maxConnections: z.int().min(1).max(1000).default(16),
      /** a connection silent this long is closed (0: never) */
      idleTimeoutS: z.int().min(0).max(86_400).default(300),
    })
    .prefault({}),
  historian: z
    .strictObject({
      /** the embedded SQLite historian (`<dataDir>/historian.sqlite`), the default; docs/historian.md */
      enabled: z.boolean().default(true),
      /** raw values kept this many hours in the embedded historian */
      rawRetentionHours: z
        .number()
        .positive()
        .max(24 * 14)
        .default(4),
      /** downsampled aggregates (min/max/mean/last/count) are kept longer than raw values */
      aggRetentionHours: z
        .strictObject({
          '1s': z
            .number()
            .positive()
            .max(24 * 60)
            .default(24),
          '10s': z
            .number()
            .positive()
            .max(24 * 60)
            .default(24 * 7),
          '1m': z
            .number()
            .positive()
            .max(24 * 366)
            .default(24 * 30),
        })
        .prefault({}),
      /** the bounded in-memory queue is written to SQLite (one transaction) every `flushMs` */
      flushMs: z.int().min(10).max(10_000).default(250),
      /** most points waiting for a flush; beyond it the oldest are dropped and counted (never blocks) */
      queueMax: z.int().min(1000).max(20_000_000).default(1_000_000),
      influx: z
        .strictObject({
          url: z.string().url(),
          database: z.string().min(1).max(64).default('plastlab'),
          username: z.string().optional(),
          password: z.string().optional(),
          /** points per write request */
          batchSize: z.int().min(1).max(50_000).default(5000),
          /** a partial batch is sent after this long */
          flushMs: z.int().min(10).max(60_000).default(1000),
          /** points held in memory before the oldest spill to the disk spool (`<dataDir>/influx-spool`) */
          bufferPoints: z.int().min(1).max(10_000_000).default(100_000),
          /** disk spool cap; beyond it the oldest spooled points are dropped and counted */
          spoolMaxMB: z.int().min(1).max(1_000_000).default(4096),
          /** pause between reconnection attempts while InfluxDB is down */
          retryMs: z.int().min(50).max(60_000).default(1000),
        })
        .optional(),
    })
    .prefault({}),
  /** exercises and scoring (issue 8; docs/scoring.md) */
  scoring: z
    .strictObject({
      /** folder of the exercise files (`*.yaml`), relative to the working directory; trainer side only */
      exercisesDir: z.string().min(1).default('exercises'),
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
