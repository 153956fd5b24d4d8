/**
 * Topic plan of the MQTT adapter (standards.md §1.10 UNS, §3.1 Sparkplug B; docs/mqtt.md).
 *
 * Unified Namespace (JSON):  plastlab/<site>/<area>/<line>/<station>/<signal's channels.mqtt.topic>
 *                            plastlab/…/<station>/<equipment>/shot        one message per shot
 *                            plastlab/…/<station>/alarms[/active]         alarm events / active set
 *                            plastlab/…/<station>/cmd/<signal key>        commands (candidate → lab)
 *                            plastlab/…/<station>/cmd/action/<name>       named actions
 *                            plastlab/…/<station>/cmd/reply, cmd/err      answers (lab → candidate)
 * Sparkplug B (protobuf):    spBv1.0/<group>/<NBIRTH|…>/<station>[/<equipment>]
 */
import type { RegisteredSignal } from '../../kernel/signal-schema.ts';
import type { LabConfig } from '../../session/config.ts';

export const SPB = 'spBv1.0';
export const UNS_ROOT = 'plastlab';

/** Sparkplug message types an edge node publishes and the ones a host sends to it. */
export const EDGE_TYPES = ['NBIRTH', 'NDEATH', 'DBIRTH', 'DDEATH', 'NDATA', 'DDATA'] as const;
export const HOST_TYPES = ['NCMD', 'DCMD'] as const;
export type SparkplugType = (typeof EDGE_TYPES)[number] | (typeof HOST_TYPES)[number];
const SPB_TYPES: ReadonlySet<string> = new Set([...EDGE_TYPES, ...HOST_TYPES]);

export interface TopicLayout {
  /** `plastlab/<site>/<area>/<line>` */
  readonly root: string;
  /** the root's levels, for filter checks */
  readonly rootLevels: readonly string[];
  /** Sparkplug group id */
  readonly group: string;
}

export function layoutOf(config: LabConfig): TopicLayout {
  const { site, area, line } = config.lab;
  const root = `${UNS_ROOT}/${site}/${area}/${line}`;
  return { root, rootLevels: root.split('/'), group: config.mqtt.sparkplug.groupId ?? `${site}-${line}` };
}

export const stationPrefix = (l: TopicLayout, station: string): string => `${l.root}/${station}`;

/** The UNS topic of a signal, or null when the signal is not published over MQTT. */
export function signalTopic(l: TopicLayout, station: string, sig: RegisteredSignal): string | null {
  // hidden truth (DESIGN.md principle 5): only candidate-visible signals with an MQTT channel
  if (sig.visibility !== 'candidate' || !sig.channels.mqtt) return null;
  return `${l.root}/${station}/${sig.channels.mqtt.topic}`;
}

export const spTopic = (l: TopicLayout, type: SparkplugType, node: string, device?: string): string =>
  device === undefined ? `${SPB}/${l.group}/${type}/${node}` : `${SPB}/${l.group}/${type}/${node}/${device}`;

/** Sparkplug 3.0 host application state topic. */
export const spStateTopic = (hostId: string): string => `${SPB}/STATE/${hostId}`;

/** A topic below the UNS root: its station and the levels after it. */
export function parseUns(l: TopicLayout, topic: string): { station: string; rest: string[] } | null {
  if (!topic.startsWith(l.root) || topic.charCodeAt(l.root.length) !== 47 /* / */) return null;
  const levels = topic.slice(l.root.length + 1).split('/');
  const station = levels.shift()!;
  return station ? { station, rest: levels } : null;
}

/** A Sparkplug topic of our group: type, edge node and device. */
export function parseSparkplug(
  l: TopicLayout,
  topic: string,
): { type: SparkplugType; node: string; device?: string } | null {
  const levels = topic.split('/');
  if (levels.length < 4 || levels.length > 5 || levels[0] !== SPB || levels[1] !== l.group) return null;
  const type = levels[2]!;
  if (!SPB_TYPES.has(type) || !levels[3]) return null;
  if (levels.length === 5) {
    if (!levels[4]) return null;
    return { type: type as SparkplugType, node: levels[3], device: levels[4] };
  }
  return { type: type as SparkplugType, node: levels[3] };
}

/** What a command topic asks for: a signal write or a named action (levels after `<station>/cmd/`). */
export type CommandTarget = { kind: 'write'; signal: string } | { kind: 'action'; action: string };

export function commandTarget(rest: readonly string[]): CommandTarget | null {
  if (rest[0] !== 'cmd') return null;
  if (rest.length === 2 && rest[1] && rest[1] !== 'reply' && rest[1] !== 'err' && rest[1] !== 'action') {
    return { kind: 'write', signal: rest[1] };
  }
  if (rest.length === 3 && rest[1] === 'action' && rest[2]) return { kind: 'action', action: rest[2] };
  return null;
}

/**
 * A valid topic name for a message the lab publishes: no wildcards, no NUL, no empty level at the
 * ends, at most `maxLevels` levels [MQTT-4.7.1-1, MQTT-1.5.3-2].
 */
export function checkPublishTopic(topic: string, maxLevels: number): string | null {
  if (topic.length === 0 || topic.length > 1024) return 'a topic is 1 to 1024 characters';
  if (topic.includes('+') || topic.includes('#') || topic.includes('\u0000'))
    return 'a topic has no "+", "#" or NUL';
  if (topic.startsWith('/') || topic.endsWith('/') || topic.includes('//'))
    return 'a topic has no empty level';
  if (topic.split('/').length > maxLevels) return `a topic has at most ${maxLevels} levels`;
  return null;
}
