/**
 * The login: a bearer token from `POST /api/login` with the station credentials, and the access level the
 * candidate works with (operator / process technician). The server decides the station from the token;
 * the level can only narrow the roles (issue 6). Kept for the browser tab only (sessionStorage).
 */
import { signal } from '@preact/signals';
import type { AccessLevel } from '../../simulator/server/realtime/wire.ts';

export interface Session {
  readonly token: string;
  readonly user: string;
  readonly station: string;
}

const load = (): Session | null => {
  try {
    const s = JSON.parse(sessionStorage.getItem('plastlab.session') ?? 'null') as Session | null;
    return s && typeof s.token === 'string' && typeof s.station === 'string' ? s : null;
  } catch {
    return null;
  }
};

export const session = signal<Session | null>(load());
export const level = signal<AccessLevel>(
  sessionStorage.getItem('plastlab.level') === 'technician' ? 'technician' : 'operator',
);

export function setSession(s: Session | null): void {
  if (s) sessionStorage.setItem('plastlab.session', JSON.stringify(s));
  else sessionStorage.removeItem('plastlab.session');
  session.value = s;
}

export function setLevel(l: AccessLevel): void {
  sessionStorage.setItem('plastlab.level', l);
  level.value = l;
}

export type LoginResult = { ok: true } | { ok: false; reason: 'credentials' | 'not_candidate' | 'network' };

export async function login(user: string, password: string, lvl: AccessLevel): Promise<LoginResult> {
  let r: Response;
  try {
    r = await fetch('/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password }),
    });
  } catch {
    return { ok: false, reason: 'network' };
  }
  if (r.status !== 200)
    return { ok: false, reason: r.status === 401 || r.status === 400 ? 'credentials' : 'network' };
  const body = (await r.json()) as {
    token: string;
    identity: { user: string; kind: string; station?: string };
  };
  if (body.identity.kind !== 'candidate' || !body.identity.station)
    return { ok: false, reason: 'not_candidate' };
  setLevel(lvl);
  setSession({ token: body.token, user: body.identity.user, station: body.identity.station });
  return { ok: true };
}

export async function logout(): Promise<void> {
  const s = session.value;
  setSession(null);
  if (s)
    await fetch('/api/logout', { method: 'POST', headers: { authorization: `Bearer ${s.token}` } }).catch(
      () => {},
    );
}
