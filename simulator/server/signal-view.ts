/**
 * What a given identity may see of a station's signals: candidates and the jury see candidate-visible
 * signals only; trainers see everything. Used by REST, socket.io and the exports.
 */
import type { RegisteredSignal, Role } from '../kernel/signal-schema.ts';
import { qualityName } from '../kernel/signal-schema.ts';
import type { Station } from '../kernel/station.ts';
import { isPrivileged } from '../kernel/validate-write.ts';

export const visibleTo = (sig: RegisteredSignal, roles: readonly Role[]): boolean =>
  sig.visibility === 'candidate' || isPrivileged(roles);

export interface SignalInfo {
  key: string;
  equipment: string;
  label: { fr: string; en: string };
  type: string;
  unit: string;
  kind: string;
  range?: { min: number; max: number } | undefined;
  enumValues?: string[] | undefined;
  writable: boolean;
  visibility: 'candidate' | 'trainer';
  opcua?: string | undefined;
  mqtt?: string | undefined;
  modbus?: { table: string; address: number; encoding: string; scale: number; wordOrder: string } | undefined;
}

export function signalInfo(sig: RegisteredSignal, roles: readonly Role[]): SignalInfo {
  return {
    key: sig.key,
    equipment: sig.equipment,
    label: sig.label,
    type: sig.type,
    unit: sig.unit,
    kind: sig.kind,
    range: sig.range,
    enumValues: sig.enumValues,
    writable: sig.access.write.some((r) => roles.includes(r)) || roles.includes('system'),
    visibility: sig.visibility,
    opcua: sig.channels.opcua?.browsePath,
    mqtt: sig.channels.mqtt?.topic,
    modbus: sig.channels.modbus,
  };
}

export interface ValueOut {
  value: number | boolean | string;
  quality: 'Good' | 'Uncertain' | 'Bad';
  /** source timestamp, ms since the Unix epoch */
  sourceTs: number;
}

export function signalValue(st: Station, sig: RegisteredSignal, epochMs: number): ValueOut {
  return {
    value: st.store.value(sig.index),
    quality: qualityName(st.store.quality[sig.index]!),
    sourceTs: epochMs + st.store.srcTs[sig.index]!,
  };
}
