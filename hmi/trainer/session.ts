/**
 * The console's login: a bearer token from `POST /api/login` with the trainer or jury account (a candidate
 * account is refused here, and by every trainer route on the server). Kept for the browser tab only, under
 * its own key (the candidate HMI of the same origin keeps its own).
 */
import { signal } from '@preact/signals';

export type Kind = 'trainer' | 'jury';

export interface TrainerSession {
  readonly token: string;
  readonly user: string;
  readonly kind: Kind;
}

const KEY = 'plastlab.trainer.session';

const load = (): TrainerSession | null => {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as TrainerSession | null;
    return s && typeof s.token === 'string' && (s.kind === 'trainer' || s.kind === 'jury') ? s : null;
  } catch {
    return null;
  }
};

export const tsession = signal<TrainerSession | null>(load());

/** Trainers act; the jury reads. */
export const canAct = (): boolean => tsession.value?.kind === 'trainer';

export function setTrainerSession(s: TrainerSession | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
  tsession.value = s;
}

export type LoginResult = { ok: true } | { ok: false; reason: 'credentials' | 'not_trainer' | 'network' };

export async function trainerLogin(user: string, password: string): Promise<LoginResult> {
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
  const body = (await r.json()) as { token: string; identity: { user: string; kind: string } };
  const kind = body.identity.kind;
  if (kind !== 'trainer' && kind !== 'jury') {
    // a candidate's token is of no use here: end it at once
    await fetch('/api/logout', { method: 'POST', headers: { authorization: `Bearer ${body.token}` } }).catch(
      () => {},
    );
    return { ok: false, reason: 'not_trainer' };
  }
  setTrainerSession({ token: body.token, user: body.identity.user, kind });
  return { ok: true };
}

export async function trainerLogout(): Promise<void> {
  const s = tsession.value;
  setTrainerSession(null);
  if (s)
    await fetch('/api/logout', { method: 'POST', headers: { authorization: `Bearer ${s.token}` } }).catch(
      () => {},
    );
}
