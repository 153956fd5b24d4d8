/**
 * `plastlab signals`: the signal model as CSV or JSON — the interface document integrators read
 * (generated from the one declarative model, DESIGN.md principle 1).
 */
import type { RegisteredSignal } from '../kernel/signal-schema.ts';

export const SIGNAL_CSV_COLUMNS = [
  'key',
  'equipment',
  'label_fr',
  'label_en',
  'type',
  'unit',
  'min',
  'max',
  'enum_values',
  'kind',
  'visibility',
  'read_roles',
  'write_roles',
  'opcua_browse_path',
  'modbus_table',
  'modbus_address',
  'modbus_encoding',
  'modbus_scale',
  'modbus_word_order',
  'mqtt_topic',
] as const;

export const csvCell = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function signalRow(s: RegisteredSignal): string[] {
  const mb = s.channels.modbus;
  return [
    s.key,
    s.equipment,
    s.label.fr,
    s.label.en,
    s.type,
    s.unit,
    s.range?.min,
    s.range?.max,
    s.enumValues?.join('|'),
    s.kind,
    s.visibility,
    s.access.read.join('|'),
    s.access.write.join('|'),
    s.channels.opcua?.browsePath,
    mb?.table,
    mb?.address,
    mb?.encoding,
    mb?.scale,
    mb?.wordOrder,
    s.channels.mqtt?.topic,
  ].map(csvCell);
}

export function signalsCsv(signals: readonly RegisteredSignal[]): string {
  return [SIGNAL_CSV_COLUMNS.join(','), ...signals.map((s) => signalRow(s).join(','))].join('\n') + '\n';
}

export function signalsJson(signals: readonly RegisteredSignal[]): string {
  return `${JSON.stringify(
    signals.map(({ index: _i, ...rest }) => rest),
    null,
    2,
  )}\n`;
}
