/**
 * External-broker mode (`mqtt.externalUrl`, e.g. a classroom Mosquitto): the lab connects as an ordinary
 * client with its service account, publishes the same UNS and Sparkplug trees and subscribes to the
 * command topics. Authentication and ACLs are then the broker's job (docs/mqtt.md gives a Mosquitto
 * password file and `pattern` ACLs per station).
 *
 * Limitation: an external broker does not tell a subscriber who published a message, so a command's
 * actor is a trusted service identity scoped to the station of the topic (candidate roles only); the
 * broker's ACL is what guarantees that only that station's user could publish there. Retained commands
 * are ignored (they would replay at every restart).
 */
import { randomBytes } from 'node:crypto';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { OutMsg, Transport } from './outbox.ts';
import { SPB, type TopicLayout } from './topics.ts';

export interface ExternalOptions {
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly layout: TopicLayout;
  readonly sparkplug: boolean;
  /** a live (not retained) message on a command topic */
  onMessage(topic: string, payload: Buffer): void;
  /** (re)connected: republish the retained state (reliability-security MQ-6) */
  onConnect(): void;
  log(line: string): void;
}

export interface ExternalLink {
  readonly transport: Transport;
  readonly client: MqttClient;
  /** a client of the lab's service account for a Sparkplug edge node */
  connectEdge(opts: IClientOptions): MqttClient;
  health(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startExternal(o: ExternalOptions): Promise<ExternalLink> {
  const auth = {
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(o.password !== undefined ? { password: o.password } : {}),
  };
  const c = { connects: 0, ignored_retained: 0, errors: 0 };
  let lastError = '';
  const client = connect(o.url, {
    ...auth,
    protocolVersion: 4,
    clientId: `plastlab-lab-${randomBytes(4).toString('hex')}`,
    clean: true,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
  });
  const filters: Record<string, { qos: 0 | 1 }> = { [`${o.layout.root}/+/cmd/#`]: { qos: 1 } };
  if (o.sparkplug) {
    filters[`${SPB}/${o.layout.group}/NCMD/+`] = { qos: 0 };
    filters[`${SPB}/${o.layout.group}/DCMD/+/+`] = { qos: 0 };
  }
  client.on('message', (topic, payload, packet) => {
    // a retained message is an old one replayed on subscription, never a live command
    if (packet.retain) {
      c.ignored_retained++;
      return;
    }
    o.onMessage(topic, payload);
  });
  client.on('error', (e) => {
    c.errors++;
    lastError = e.message;
  });
  client.on('connect', () => {
    c.connects++;
    client.subscribe(filters, (err) => {
      if (err) o.log(`mqtt: external broker refused the command subscriptions: ${err.message}`);
    });
    o.onConnect();
  });
  // wait for the first connection; a refusal (bad credentials) stops the start, a timeout does not
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => {
      o.log(`mqtt: external broker ${o.url} not reachable yet; retrying in the background`);
      done();
    }, 10_000);
    const onConnect = () => done();
    const onError = (e: Error & { code?: unknown }) => {
      if (typeof e.code === 'number' && e.code >= 1 && e.code <= 5) {
        done();
        client.end(true);
        reject(new Error(`mqtt: external broker ${o.url} refused the lab's service account: ${e.message}`));
      }
    };
    function done() {
      clearTimeout(t);
      client.off('connect', onConnect);
      client.off('error', onError);
      resolve();
    }
    client.once('connect', onConnect);
    client.on('error', onError);
  });

  const transport: Transport = {
    ready: () => client.connected,
    publish(m: OutMsg, done) {
      client.publish(m.topic, m.payload, { qos: m.qos, retain: m.retain }, (err) => done(err ?? null));
    },
  };
  const edges: MqttClient[] = [];
  return {
    transport,
    client,
    connectEdge(opts) {
      const e = connect(o.url, { ...opts, ...auth, connectTimeout: 10_000 });
      edges.push(e);
      return e;
    },
    health: () => ({
      url: o.url,
      connected: client.connected,
      ...c,
      ...(lastError ? { last_error: lastError } : {}),
    }),
    async close() {
      await new Promise<void>((r) => client.end(false, {}, () => r()));
    },
  };
}
