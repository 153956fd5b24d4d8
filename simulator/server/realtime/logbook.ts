/**
 * The logbook of parameter changes (EUROMAP 77 "logbook of relevant changes"; domain-model §5.2 I and
 * F23): every accepted signal write of a station — who, when, old, new, channel, reason — read from the
 * journal's command entries, or from the station `command` hook for live updates.
 *
 * A candidate sees only writes to candidate-visible signals, and a write by the trainer side or the
 * simulation itself is shown as `system`, so the logbook never reveals who injected what.
 */
import type { Actor, CommandInput } from '../../kernel/command-types.ts';
import type { SignalRegistry } from '../../kernel/registry.ts';
import { isPrivileged } from '../../kernel/validate-write.ts';
import type { WireLogbookEntry, WireValue } from './wire.ts';

export interface CommandLike {
  readonly seq: number;
  readonly t: number;
  readonly actor?: Partial<Pick<Actor, 'user' | 'roles' | 'channel' | 'client'>> | undefined;
  readonly input: CommandInput;
  readonly status: 'accepted' | 'rejected';
  readonly previous?: WireValue;
  readonly applied?: WireValue;
}

export function logbookEntry(
  c: CommandLike,
  registry: SignalRegistry,
  viewerPrivileged: boolean,
): WireLogbookEntry | undefined {
  if (c.status !== 'accepted' || c.input?.kind !== 'write') return undefined;
  const sig = registry.get(c.input.signal);
  if (!sig || (sig.visibility !== 'candidate' && !viewerPrivileged)) return undefined;
  const roles = c.actor?.roles ?? [];
  const hide = !viewerPrivileged && isPrivileged(roles);
  return {
    seq: c.seq,
    t: c.t,
    user: hide ? 'system' : (c.actor?.user ?? '?'),
    channel: hide ? 'system' : (c.actor?.channel ?? '?'),
    ...(!hide && c.actor?.client ? { client: c.actor.client } : {}),
    signal: sig.key,
    ...(c.previous !== undefined ? { old: c.previous } : {}),
    ...(c.applied !== undefined ? { new: c.applied } : {}),
    ...(c.input.reason ? { reason: c.input.reason } : {}),
  };
}
