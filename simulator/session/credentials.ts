/**
 * Per-station credentials that work on every channel (HMI login, OPC UA UserName, MQTT username), plus
 * trainer and jury accounts (reliability-security EI-2: no anonymous access, no default passwords).
 * Passwords are generated at first start and kept in a trainer-only file (mode 0600) so the trainer can
 * hand them out; comparisons are constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Role } from '../kernel/signal-schema.ts';
import { ensureDir } from './keystore.ts';

export type IdentityKind = 'candidate' | 'trainer' | 'jury';

export interface Identity {
  readonly user: string;
  readonly kind: IdentityKind;
  readonly roles: readonly Role[];
  /** the only station a candidate may reach */
  readonly station?: string;
}

const AccountSchema = z.strictObject({
  user: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/),
  password: z.string().min(8).max(128),
  kind: z.enum(['candidate', 'trainer', 'jury']),
  station: z.string().optional(),
});
type Account = z.infer<typeof AccountSchema>;
const FileSchema = z.strictObject({ accounts: z.array(AccountSchema) });

export const rolesOf = (kind: IdentityKind): Role[] =>
  kind === 'candidate' ? ['operator', 'technician'] : kind === 'trainer' ? ['trainer'] : ['observer'];

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A readable random password, e.g. `kfr7-m2xq-9dha` (≈ 60 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += alphabet[bytes[i]! % alphabet.length];
  }
  return out;
}

export class CredentialStore {
  private readonly accounts = new Map<string, Account>();
  readonly file: string | undefined;

  constructor(accounts: readonly Account[], file?: string) {
    for (const a of accounts) this.accounts.set(a.user, a);
    this.file = file;
  }

  /**
   * Load `<dataDir>/credentials.json`, adding an account for every station that has none, and the
   * trainer and jury accounts. New passwords are random.
   */
  static loadOrCreate(dataDir: string, stationIds: readonly string[]): CredentialStore {
    ensureDir(dataDir);
    const file = join(dataDir, 'credentials.json');
    let accounts: Account[] = [];
    if (existsSync(file)) {
      const parsed = FileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success)
        throw new Error(`${file}: invalid credentials file: ${parsed.error.issues[0]?.message}`);
      accounts = parsed.data.accounts;
    }
    const have = new Set(accounts.map((a) => a.user));
    let changed = false;
    const add = (a: Account) => {
      if (!have.has(a.user)) {
        accounts.push(a);
        have.add(a.user);
        changed = true;
      }
    };
    add({ user: 'trainer', password: generatePassword(), kind: 'trainer' });
    add({ user: 'jury', password: generatePassword(), kind: 'jury' });
    for (const id of stationIds)
      add({ user: id, password: generatePassword(), kind: 'candidate', station: id });
    if (changed) writeFileSync(file, `${JSON.stringify({ accounts }, null, 2)}\n`, { mode: 0o600 });
    return new CredentialStore(accounts, file);
  }

  /** Check a user name and password; null when either is wrong (no hint which). */
  authenticate(user: unknown, password: unknown): Identity | null {
    if (typeof user !== 'string' || typeof password !== 'string') return null;
    const a = this.accounts.get(user);
    // compare digests so the time does not depend on the password length or on whether the user exists
    const ok = timingSafeEqual(
      digest(password),
      digest(a?.password ?? `\u0000${randomBytes(8).toString('hex')}`),
    );
    if (!a || !ok) return null;
    return {
      user: a.user,
      kind: a.kind,
      roles: rolesOf(a.kind),
      ...(a.station ? { station: a.station } : {}),
    };
  }

  /** The candidate account of a station (for the start banner and the trainer's hand-out sheet). */
  forStation(station: string): { user: string; password: string } | undefined {
    for (const a of this.accounts.values()) {
      if (a.kind === 'candidate' && a.station === station) return { user: a.user, password: a.password };
    }
    return undefined;
  }

  account(user: string): { user: string; password: string } | undefined {
    const a = this.accounts.get(user);
    return a ? { user: a.user, password: a.password } : undefined;
  }
}
