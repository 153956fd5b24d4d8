/**
 * Who may subscribe, publish and receive what on the broker (reliability-security §2.2 MQ-1, threat T2,
 * canary check I2). Pure functions of the principal and the topic, used by the embedded broker's
 * `authorizeSubscribe`, `authorizePublish` (client publishes and Will messages) and `authorizeForward`.
 *
 * - candidate: subscribes only below its own UNS prefix and to its own Sparkplug edge node; publishes
 *   only its own commands (`…/<station>/cmd/<key>`, `…/cmd/action/<name>`), its own NCMD/DCMD and the
 *   STATE of a host application named after its station; never state topics, `$SYS` or another station.
 * - observer (trainer, jury): read-only over every station; publishes nothing. Nothing trainer-only is
 *   ever on the broker (only candidate-visible signals are published), so this reveals no hidden truth.
 * - service: the lab's own Sparkplug edge nodes; publish edge-node messages only.
 */
import type { AdapterIdentity } from '../adapter.ts';
import { EDGE_TYPES, HOST_TYPES, SPB, type TopicLayout } from './topics.ts';

export type Principal =
  | {
      readonly kind: 'candidate';
      readonly user: string;
      readonly station: string;
      readonly id: AdapterIdentity;
    }
  | { readonly kind: 'observer'; readonly user: string; readonly id: AdapterIdentity }
  | { readonly kind: 'service'; readonly user: string };

export function principalOf(id: AdapterIdentity): Principal | null {
  if (id.kind === 'candidate')
    return id.station ? { kind: 'candidate', user: id.user, station: id.station, id } : null;
  return { kind: 'observer', user: id.user, id };
}

/** What an authorised client publish is, so the broker knows what to do with it. */
export type PublishKind = 'command' | 'sparkplug-command' | 'host-state' | 'edge';

const EDGE: ReadonlySet<string> = new Set(EDGE_TYPES);
const HOST: ReadonlySet<string> = new Set(HOST_TYPES);

export class Acl {
  private readonly layout: TopicLayout;
  private readonly spGroupPrefix: string;

  constructor(layout: TopicLayout) {
    this.layout = layout;
    this.spGroupPrefix = `${SPB}/${layout.group}/`;
  }

  /** May `p` subscribe with this filter (already checked for syntax by the broker)? */
  canSubscribe(p: Principal, filter: string): boolean {
    if (p.kind === 'observer') return true;
    if (p.kind === 'service') return false;
    const lv = filter.split('/');
    const root = this.layout.rootLevels;
    // own UNS prefix: every root level and the station literal, then anything
    if (lv.length > root.length) {
      let ok = true;
      for (let i = 0; i < root.length; i++) if (lv[i] !== root[i]) ok = false;
      if (ok && lv[root.length] === p.station) return true;
    }
    // own Sparkplug edge node: spBv1.0/<group>/<type or +>/<station>[/<device, + or #>]
    if (lv[0] === SPB && lv[1] === this.layout.group && (lv.length === 4 || lv.length === 5)) {
      const type = lv[2]!;
      return (type === '+' || EDGE.has(type) || HOST.has(type)) && lv[3] === p.station;
    }
    // the STATE of a host application named after the station (Sparkplug 3.0 §host applications)
    return lv.length === 3 && lv[0] === SPB && lv[1] === 'STATE' && lv[2] === p.station;
  }

  private readonly cmdPrefixes = new Map<string, string>();

  /** What `p` may publish on `topic` (also applied to Will messages); null when refused. */
  publishKind(p: Principal, topic: string): PublishKind | null {
    if (p.kind === 'observer' || topic.charCodeAt(0) === 36 /* $ */) return null;
    if (p.kind === 'candidate') {
      // fast path for the common case, a command of the candidate's own station
      let prefix = this.cmdPrefixes.get(p.station);
      if (prefix === undefined) {
        prefix = `${this.layout.root}/${p.station}/cmd/`;
        this.cmdPrefixes.set(p.station, prefix);
      }
      if (topic.startsWith(prefix)) {
        const rest = topic.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash < 0)
          return rest && rest !== 'reply' && rest !== 'err' && rest !== 'action' ? 'command' : null;
        return rest.startsWith('action/') && slash === 6 && rest.length > 7 && rest.indexOf('/', 7) < 0
          ? 'command'
          : null;
      }
    }
    const lv = topic.split('/');
    if (p.kind === 'service') {
      return lv[0] === SPB &&
        lv[1] === this.layout.group &&
        EDGE.has(lv[2]!) &&
        (lv.length === 4 || lv.length === 5)
        ? 'edge'
        : null;
    }
    const root = this.layout.rootLevels;
    const n = root.length;
    if (lv.length === n + 3 || lv.length === n + 4) {
      let ok = lv[n] === p.station && lv[n + 1] === 'cmd';
      for (let i = 0; ok && i < n; i++) if (lv[i] !== root[i]) ok = false;
      if (ok) {
        const a = lv[n + 2]!;
        if (lv.length === n + 3 && a && a !== 'reply' && a !== 'err' && a !== 'action') return 'command';
        if (lv.length === n + 4 && a === 'action' && lv[n + 3]) return 'command';
      }
      return null;
    }
    if (lv[0] === SPB && lv[1] === this.layout.group && lv[3] === p.station) {
      if (lv[2] === 'NCMD' && lv.length === 4) return 'sparkplug-command';
      if (lv[2] === 'DCMD' && lv.length === 5 && lv[4]) return 'sparkplug-command';
      return null;
    }
    if (lv.length === 3 && lv[0] === SPB && lv[1] === 'STATE' && lv[2] === p.station) return 'host-state';
    return null;
  }

  /** Second check before each delivery (`authorizeForward`): may `p` receive `topic`? */
  canReceive(p: Principal, topic: string, stationPrefix: string | undefined): boolean {
    if (p.kind === 'observer') return true;
    if (p.kind === 'service') return false;
    // stationPrefix is `<root>/<station>/`, precomputed per client
    if (stationPrefix !== undefined && topic.startsWith(stationPrefix)) return true;
    if (topic.startsWith(this.spGroupPrefix)) {
      const rest = topic.slice(this.spGroupPrefix.length);
      const a = rest.indexOf('/');
      if (a < 0) return false;
      const b = rest.indexOf('/', a + 1);
      const node = b < 0 ? rest.slice(a + 1) : rest.slice(a + 1, b);
      return node === p.station;
    }
    return topic === `${SPB}/STATE/${p.station}`;
  }
}
