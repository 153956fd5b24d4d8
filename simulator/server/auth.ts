/**
 * HTTP sessions: a login with station (or trainer/jury) credentials gives a bearer token. The identity
 * of every request comes from the token, never from the request body (reliability-security T7).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Channel } from '../kernel/command-types.ts';
import type { CredentialStore, Identity, IdentityKind } from '../session/credentials.ts';

export interface HttpSession {
  readonly token: string;
  readonly identity: Identity;
  expires: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, HttpSession>();
  private readonly ttlMs: number;
  private readonly credentials: CredentialStore;

  /** account kinds this listener accepts (a candidate listener refuses trainer and jury accounts) */
  private readonly kinds: readonly IdentityKind[];

  constructor(
    credentials: CredentialStore,
    ttlMs = 12 * 3600_000,
    kinds: readonly IdentityKind[] = ['candidate', 'trainer', 'jury'],
  ) {
    this.credentials = credentials;
    this.ttlMs = ttlMs;
    this.kinds = kinds;
  }

  login(user: unknown, password: unknown): HttpSession | null {
    const identity = this.credentials.authenticate(user, password);
    // an account of another realm gets the same answer as a wrong password
    if (!identity || !this.kinds.includes(identity.kind)) return null;
    const s: HttpSession = {
      token: randomBytes(24).toString('base64url'),
      identity,
      expires: Date.now() + this.ttlMs,
    };
    this.sessions.set(s.token, s);
    if (this.sessions.size > 10_000) this.sweep();
    return s;
  }

  get(token: string | undefined): HttpSession | undefined {
    if (!token) return undefined;
    const s = this.sessions.get(token);
    if (!s) return undefined;
    if (s.expires < Date.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return s;
  }

  logout(token: string): void {
    this.sessions.delete(token);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, s] of this.sessions) if (s.expires < now) this.sessions.delete(k);
  }
}

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7);
  return undefined;
}

/** The command actor of an authenticated identity on a channel. */
export function actorOf(identity: Identity, channel: Channel, client?: string): Actor {
  return {
    user: identity.user,
    roles: identity.roles,
    channel,
    ...(identity.station ? { station: identity.station } : {}),
    ...(client ? { client } : {}),
  };
}

/** Resolve the session or answer 401; optionally restrict to some identity kinds (403 otherwise). */
export function requireSession(
  sessions: SessionStore,
  req: FastifyRequest,
  reply: FastifyReply,
  kinds?: readonly IdentityKind[],
): HttpSession | undefined {
  const s = sessions.get(bearer(req));
  if (!s) {
    void reply
      .code(401)
      .send({ error: 'unauthorized', message: 'log in first (Authorization: Bearer <token>)' });
    return undefined;
  }
  if (kinds && !kinds.includes(s.identity.kind)) {
    void reply.code(403).send({ error: 'forbidden', message: `reserved to ${kinds.join(' or ')} accounts` });
    return undefined;
  }
  return s;
}

/** May this identity see this station? Candidates only their own; trainers and jury all. */
export function canSeeStation(identity: Identity, station: string): boolean {
  return identity.kind !== 'candidate' || identity.station === station;
}
