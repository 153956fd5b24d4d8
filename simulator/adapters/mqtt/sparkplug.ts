/**
 * Sparkplug B edge node of one station (standards.md §3.1, Sparkplug 3.0 chapters 5–6), written on an
 * mqtt.js v5 client (protocol 3.1.1) because `sparkplug-client` registers its NDEATH Will with QoS 0
 * (standards.md §0 #7); `sparkplug-payload` only encodes and decodes the protobuf payloads.
 *
 * - edge node id = station id, group id from the configuration; one device per equipment that has
 *   candidate-visible MQTT signals, metric name = the signal's MQTT topic below the equipment;
 * - NDEATH (bdSeq) registered as the Will, QoS 1, not retained; bdSeq + 1 for every new CONNECT;
 * - on connect: NBIRTH (seq 0, `bdSeq`, `Node Control/Rebirth` = false), then every DBIRTH;
 * - NDATA when the node metric `Node Info/Active Alarms` changes;
 * - DDATA per device on change (latest value wins while the socket is backed up); seq 0…255, wrapping;
 * - NCMD `Node Control/Rebirth` = true → NBIRTH + DBIRTHs again; DCMD → the command API (all metrics of
 *   one DCMD together or none), actor = who published the DCMD; a refusal is answered on the UNS
 *   `…/cmd/reply` topic since Sparkplug has no reply message;
 * - stop: DDEATH per device, then NDEATH, then DISCONNECT (so the Will is not sent twice).
 */
import type { IClientOptions, MqttClient } from 'mqtt';
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload.js';
import type { Actor, Command } from '../../kernel/command-types.ts';
import type { AlarmEvent } from '../../kernel/model.ts';
import { Quality, type RegisteredSignal } from '../../kernel/signal-schema.ts';
import type { ChangeBatch } from '../../kernel/signal-store.ts';
import type { Station } from '../../kernel/station.ts';
import { type CommandReply, replyOf } from './commands.ts';
import { type SparkplugType, signalTopic, spTopic, type TopicLayout } from './topics.ts';
import { unsValue } from './uns.ts';

export interface SpCodec {
  encodePayload(p: UPayload): Uint8Array;
  decodePayload(b: Uint8Array): UPayload;
}

export async function loadSparkplugCodec(): Promise<SpCodec> {
  const mod = await import('sparkplug-payload');
  const codec = mod.default.get('spBv1.0');
  if (!codec) throw new Error('sparkplug-payload: namespace spBv1.0 missing');
  return codec;
}

/** Sparkplug quality property values (Ignition convention): 192 good, 64 uncertain, 0 bad. */
const SP_QUALITY = [192, 64, 0] as const;
const BACKLOG_BYTES = 1 << 20;

interface Device {
  readonly id: string;
  readonly signals: RegisteredSignal[];
  readonly byName: Map<string, RegisteredSignal>;
  readonly dirty: Set<number>;
}

export interface EdgeNodeOptions {
  readonly station: Station;
  readonly layout: TopicLayout;
  readonly epochMs: number;
  readonly codec: SpCodec;
  /** create the node's MQTT client with these options (Will, client id…); called once */
  readonly connect: (opts: IClientOptions) => MqttClient;
  /** a refused DCMD, to be answered on the UNS reply topic */
  readonly onRejected: (reply: CommandReply) => void;
}

const spType = (s: RegisteredSignal): UMetric['type'] =>
  s.type === 'float' ? 'Double' : s.type === 'int' ? 'Int64' : s.type === 'bool' ? 'Boolean' : 'String';

const candidateWritable = (s: RegisteredSignal): boolean =>
  s.access.write.includes('operator') || s.access.write.includes('technician');

export class EdgeNode {
  readonly station: Station;
  readonly nodeId: string;
  private readonly o: EdgeNodeOptions;
  private readonly devices: Device[] = [];
  private readonly deviceOf: (Device | undefined)[];
  private readonly nameOf: string[];
  private readonly lastQuality: Uint8Array;
  private client: MqttClient | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopping = false;
  /** birth/death sequence: the bdSeq of the current session's Will */
  bdSeq = 0;
  /** message sequence of the last message sent (NBIRTH = 0) */
  seq = 0;
  born = false;
  private readonly activeAlarms = new Set<string>();
  readonly counters = {
    births: 0,
    ndata: 0,
    ddata: 0,
    ddataDeferred: 0,
    ncmd: 0,
    dcmd: 0,
    dcmdRejected: 0,
    rebirths: 0,
  };

  constructor(o: EdgeNodeOptions) {
    this.o = o;
    this.station = o.station;
    this.nodeId = o.station.id;
    const sigs = o.station.registry.signals;
    this.deviceOf = new Array(sigs.length);
    this.nameOf = new Array(sigs.length).fill('');
    this.lastQuality = new Uint8Array(sigs.length);
    const byId = new Map<string, Device>();
    for (const s of sigs) {
      if (!signalTopic(o.layout, this.nodeId, s)) continue;
      let d = byId.get(s.equipment);
      if (!d) {
        d = { id: s.equipment, signals: [], byName: new Map(), dirty: new Set() };
        byId.set(s.equipment, d);
        this.devices.push(d);
      }
      const topic = s.channels.mqtt!.topic;
      let name = topic.startsWith(`${s.equipment}/`) ? topic.slice(s.equipment.length + 1) : topic;
      if (d.byName.has(name)) name = topic;
      d.signals.push(s);
      d.byName.set(name, s);
      this.nameOf[s.index] = name;
      this.deviceOf[s.index] = d;
    }
  }

  get deviceIds(): string[] {
    return this.devices.map((d) => d.id);
  }

  start(): void {
    const offChange = this.station.hooks.on('change', (b) => this.onChange(b), {
      owner: 'sparkplug',
      priority: 11,
    });
    const offAlarm = this.station.hooks.on('alarm', (a) => this.onAlarm(a), {
      owner: 'sparkplug',
      priority: 11,
    });
    this.unsubscribe = () => {
      offChange();
      offAlarm();
    };
    const client = this.o.connect({
      clientId: `plastlab-edge-${this.nodeId}`,
      protocolVersion: 4,
      clean: true, // Sparkplug 3.0: Clean Session = true
      keepalive: 30,
      reconnectPeriod: 1000,
      will: this.will(),
    });
    this.client = client;
    client.on('connect', () => this.birth());
    client.on('close', () => {
      this.born = false;
      if (this.stopping) return;
      // a new CONNECT carries the next bdSeq in its Will (Sparkplug 3.0 tck-id-payloads-ndeath-bdseq)
      this.bdSeq = (this.bdSeq + 1) % 256;
      client.options.will = this.will();
    });
    client.on('error', () => {});
  }

  /** Tests and diagnostics: drop the connection without DISCONNECT, so the broker sends the Will. */
  dropConnection(): void {
    this.client?.stream?.destroy();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    const c = this.client;
    if (!c) return;
    this.stopping = true;
    if (c.connected && this.born) {
      for (const d of this.devices)
        this.send('DDEATH', d.id, { timestamp: Date.now(), seq: this.nextSeq() }, 0);
      // explicit NDEATH before a clean disconnect (Sparkplug 3.0 §5.3 edge node session termination)
      await new Promise<void>((resolve) => {
        c.publish(
          spTopic(this.o.layout, 'NDEATH', this.nodeId),
          Buffer.from(this.deathPayload()),
          { qos: 1 },
          () => resolve(),
        );
      });
    }
    this.born = false;
    await new Promise<void>((resolve) => c.end(false, {}, () => resolve()));
  }

  private deathPayload(): Uint8Array {
    return this.o.codec.encodePayload({
      timestamp: Date.now(),
      metrics: [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeq }],
    });
  }

  private will(): NonNullable<IClientOptions['will']> {
    return {
      topic: spTopic(this.o.layout, 'NDEATH', this.nodeId),
      payload: Buffer.from(this.deathPayload()),
      qos: 1,
      retain: false,
    };
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) % 256;
    return this.seq;
  }

  private send(type: SparkplugType, device: string | undefined, payload: UPayload, qos: 0 | 1): void {
    this.client?.publish(
      spTopic(this.o.layout, type, this.nodeId, device),
      Buffer.from(this.o.codec.encodePayload(payload)),
      {
        qos,
        retain: false,
      },
    );
  }

  private metric(s: RegisteredSignal, birth: boolean): UMetric {
    const store = this.station.store;
    const v = unsValue(this.station, s);
    const q = store.quality[s.index]!;
    const m: UMetric = {
      name: this.nameOf[s.index]!,
      type: spType(s),
      value: s.type === 'int' && typeof v === 'number' ? Math.round(v) : v,
      timestamp: this.o.epochMs + store.srcTs[s.index]!,
    };
    const props: NonNullable<UMetric['properties']> = {};
    if (birth) {
      if (s.unit) props.engUnit = { type: 'String', value: s.unit };
      if (s.range) {
        props.engLow = { type: 'Double', value: s.range.min };
        props.engHigh = { type: 'Double', value: s.range.max };
      }
      if (s.enumValues) props.enumValues = { type: 'String', value: s.enumValues.join(',') };
      props.readOnly = { type: 'Boolean', value: !candidateWritable(s) };
    }
    if (birth || q !== Quality.Good || this.lastQuality[s.index] !== Quality.Good) {
      props.Quality = { type: 'Int32', value: SP_QUALITY[q] ?? 0 };
    }
    this.lastQuality[s.index] = q;
    if (Object.keys(props).length) m.properties = props;
    return m;
  }

  /** NBIRTH then every DBIRTH (Sparkplug 3.0 §5.2: all DBIRTHs right after NBIRTH, before any DDATA). */
  private birth(): void {
    if (!this.client?.connected) return;
    this.seq = 0;
    this.send(
      'NBIRTH',
      undefined,
      {
        timestamp: Date.now(),
        seq: 0,
        metrics: [
          { name: 'bdSeq', type: 'UInt64', value: this.bdSeq },
          { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
          { name: 'Node Info/UNS Prefix', type: 'String', value: `${this.o.layout.root}/${this.nodeId}` },
          { name: 'Node Info/Active Alarms', type: 'Int64', value: this.activeAlarms.size },
        ],
      },
      0,
    );
    for (const d of this.devices) {
      d.dirty.clear();
      this.send(
        'DBIRTH',
        d.id,
        { timestamp: Date.now(), seq: this.nextSeq(), metrics: d.signals.map((s) => this.metric(s, true)) },
        0,
      );
    }
    this.born = true;
    this.counters.births++;
  }

  /** Node-level data: the number of active alarms, sent as NDATA when it changes. */
  private onAlarm(a: AlarmEvent): void {
    const before = this.activeAlarms.size;
    if (a.state === 'active') this.activeAlarms.add(`${a.equipment}/${a.code}`);
    else this.activeAlarms.delete(`${a.equipment}/${a.code}`);
    if (this.activeAlarms.size === before || !this.born || !this.client?.connected) return;
    this.send(
      'NDATA',
      undefined,
      {
        timestamp: this.o.epochMs + a.t,
        seq: this.nextSeq(),
        metrics: [
          {
            name: 'Node Info/Active Alarms',
            type: 'Int64',
            value: this.activeAlarms.size,
            timestamp: this.o.epochMs + a.t,
          },
        ],
      },
      0,
    );
    this.counters.ndata++;
  }

  private onChange(b: ChangeBatch): void {
    if (!this.born) return; // the next birth carries every value
    for (let k = 0; k < b.count; k++) {
      const i = b.indices[k]!;
      this.deviceOf[i]?.dirty.add(i);
    }
    this.flush(this.o.epochMs + b.serverTs);
  }

  private flush(ts: number): void {
    const c = this.client;
    if (!c?.connected || !this.born) return;
    if ((c.stream?.writableLength ?? 0) > BACKLOG_BYTES) {
      this.counters.ddataDeferred++;
      return; // stays dirty: latest value wins at the next tick
    }
    const sigs = this.station.registry.signals;
    for (const d of this.devices) {
      if (d.dirty.size === 0) continue;
      const metrics: UMetric[] = [];
      for (const i of d.dirty) metrics.push(this.metric(sigs[i]!, false));
      d.dirty.clear();
      this.send('DDATA', d.id, { timestamp: ts, seq: this.nextSeq(), metrics }, 0);
      this.counters.ddata++;
    }
  }

  /** NCMD (device undefined) or DCMD published by `actor`. */
  command(type: 'NCMD' | 'DCMD', device: string | undefined, payload: Uint8Array, actor: Actor): void {
    let p: UPayload;
    try {
      p = this.o.codec.decodePayload(payload);
    } catch {
      this.reject('bad_payload', `${type}: payload is not a Sparkplug B protobuf`);
      return;
    }
    const metrics = p.metrics ?? [];
    if (type === 'NCMD') {
      this.counters.ncmd++;
      if (metrics.some((m) => m.name === 'Node Control/Rebirth' && m.value === true)) {
        this.counters.rebirths++;
        this.birth();
      }
      return;
    }
    this.counters.dcmd++;
    const d = this.devices.find((x) => x.id === device);
    if (!d) {
      this.reject('unknown_signal', `DCMD: unknown device "${String(device).slice(0, 40)}"`);
      return;
    }
    const cmds: Command[] = [];
    for (const m of metrics) {
      const s = typeof m.name === 'string' ? d.byName.get(m.name) : undefined;
      if (!s) {
        this.reject('unknown_signal', `DCMD ${d.id}: unknown metric "${String(m.name).slice(0, 60)}"`);
        return;
      }
      let value: unknown = m.value;
      if (value !== null && typeof value === 'object' && 'toNumber' in value)
        value = (value as { toNumber(): number }).toNumber();
      cmds.push({ station: this.nodeId, actor, input: { kind: 'write', signal: s.key, value } });
    }
    if (cmds.length === 0) return;
    // every metric of one DCMD together or none (kernel submitAll)
    void this.station.submitAll(cmds).then((recs) => {
      for (const r of recs) {
        if (r.status === 'rejected') {
          this.counters.dcmdRejected++;
          this.o.onRejected(replyOf(r, 'sparkplug'));
        }
      }
    });
  }

  private reject(code: string, message: string): void {
    this.counters.dcmdRejected++;
    this.o.onRejected({ corr: null, status: 'rejected', code, message, channel: 'sparkplug' });
  }
}
