/**
 * Static validation of a signal write (issue 2 §5): type, finiteness, range, role and visibility.
 * Every rejection names the signal and the limit. Trainer-only signals look non-existent to anyone
 * but a trainer, so an error never reveals hidden truth.
 */
import type { Actor, Rejection } from './command-types.ts';
import type { RegisteredSignal, Role } from './signal-schema.ts';

export type WriteCheck = { ok: true; value: number | boolean | string } | { ok: false; rejection: Rejection };

const fail = (rejection: Rejection): WriteCheck => ({ ok: false, rejection });

const describe = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
};

export const isPrivileged = (roles: readonly Role[]): boolean =>
  roles.includes('trainer') || roles.includes('system');

export function checkWrite(
  sig: RegisteredSignal | undefined,
  key: string,
  value: unknown,
  actor: Actor,
): WriteCheck {
  if (!sig || (sig.visibility === 'trainer' && !isPrivileged(actor.roles))) {
    return fail({ code: 'unknown_signal', signal: key, message: `${key}: unknown signal` });
  }
  if (sig.access.write.length === 0) {
    return fail({ code: 'not_writable', signal: key, message: `${key}: read-only signal` });
  }
  if (!actor.roles.some((r) => sig.access.write.includes(r)) && !actor.roles.includes('system')) {
    return fail({
      code: 'forbidden',
      signal: key,
      message: `${key}: role ${actor.roles.join('/') || 'none'} may not write it (requires ${sig.access.write.join(' or ')})`,
    });
  }
  const unit = sig.unit ? ` ${sig.unit}` : '';
  switch (sig.type) {
    case 'float':
    case 'int': {
      if (typeof value !== 'number') {
        return fail({
          code: 'type_mismatch',
          signal: key,
          message: `${key}: expected a number, got ${describe(value)}`,
        });
      }
      if (!Number.isFinite(value)) {
        return fail({
          code: 'not_finite',
          signal: key,
          message: `${key}: ${String(value)} is not a finite number`,
          ...(sig.range ? { limit: sig.range } : {}),
        });
      }
      if (sig.type === 'int' && !Number.isInteger(value)) {
        return fail({
          code: 'type_mismatch',
          signal: key,
          message: `${key}: expected an integer, got ${value}`,
        });
      }
      const r = sig.range;
      if (r && (value < r.min || value > r.max)) {
        const side =
          value < r.min ? `below the minimum ${r.min}${unit}` : `above the maximum ${r.max}${unit}`;
        return fail({
          code: 'out_of_range',
          signal: key,
          limit: r,
          message: `${key}: ${value}${unit} is ${side}`,
        });
      }
      return { ok: true, value };
    }
    case 'bool': {
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 0 || value === 1) return { ok: true, value: value === 1 };
      return fail({
        code: 'type_mismatch',
        signal: key,
        message: `${key}: expected a boolean, got ${describe(value)}`,
      });
    }
    case 'enum': {
      const values = sig.enumValues ?? [];
      if (typeof value === 'string') {
        const i = values.indexOf(value);
        if (i < 0) {
          return fail({
            code: 'out_of_range',
            signal: key,
            limit: { min: 0, max: values.length - 1 },
            message: `${key}: "${value.slice(0, 40)}" is not one of ${values.join(', ')}`,
          });
        }
        return { ok: true, value: i };
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return fail({
          code: typeof value === 'number' ? 'not_finite' : 'type_mismatch',
          signal: key,
          message: `${key}: expected one of ${values.join(', ')}, got ${typeof value === 'number' ? String(value) : describe(value)}`,
        });
      }
      if (!Number.isInteger(value) || value < 0 || value >= values.length) {
        return fail({
          code: 'out_of_range',
          signal: key,
          limit: { min: 0, max: values.length - 1 },
          message: `${key}: ${value} is outside 0…${values.length - 1} (${values.join(', ')})`,
        });
      }
      return { ok: true, value };
    }
    case 'string': {
      if (typeof value !== 'string') {
        return fail({
          code: 'type_mismatch',
          signal: key,
          message: `${key}: expected a string, got ${describe(value)}`,
        });
      }
      if (value.length > 200) {
        return fail({
          code: 'out_of_range',
          signal: key,
          limit: { min: 0, max: 200 },
          message: `${key}: text of ${value.length} characters exceeds the maximum 200`,
        });
      }
      return { ok: true, value };
    }
  }
}
