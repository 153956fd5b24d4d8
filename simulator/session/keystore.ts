/**
 * Trainer-side secrets in the lab's data folder: the journal signing key and the credentials file.
 * Files are created with mode 0600 (reliability-security Z1: never reachable by a candidate).
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Load the Ed25519 journal signing key, creating it on first use. */
export function loadSigningKey(dataDir: string): KeyObject {
  const dir = join(dataDir, 'keys');
  ensureDir(dir);
  const file = join(dir, 'journal-signing.pem');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return createPrivateKey(readFileSync(file, 'utf8'));
}
