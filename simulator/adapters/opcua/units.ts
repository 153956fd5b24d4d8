/**
 * Engineering units of the signal model → OPC UA EUInformation with UNECE Recommendation 20 common
 * codes (OPC UA Part 8 §5.6.3: namespaceUri "http://www.opcfoundation.org/UA/units/un/cefact",
 * unitId = the common code packed into an Int32).
 */

/** unit as written in the signal model → [UNECE common code, display name, description] */
const UNECE: Record<string, readonly [string, string, string]> = {
  '°C': ['CEL', '°C', 'degree Celsius'],
  K: ['KEL', 'K', 'kelvin'],
  MPa: ['MPA', 'MPa', 'megapascal'],
  kPa: ['KPA', 'kPa', 'kilopascal'],
  bar: ['BAR', 'bar', 'bar [unit of pressure]'],
  mbar: ['MBR', 'mbar', 'millibar'],
  mm: ['MMT', 'mm', 'millimetre'],
  m: ['MTR', 'm', 'metre'],
  'mm/s': ['C16', 'mm/s', 'millimetre per second'],
  'm/min': ['2X', 'm/min', 'metre per minute'],
  s: ['SEC', 's', 'second [unit of time]'],
  ms: ['C26', 'ms', 'millisecond'],
  min: ['MIN', 'min', 'minute [unit of time]'],
  h: ['HUR', 'h', 'hour'],
  g: ['GRM', 'g', 'gram'],
  kg: ['KGM', 'kg', 'kilogram'],
  'kg/h': ['E93', 'kg/h', 'kilogram per hour'],
  kW: ['KWT', 'kW', 'kilowatt'],
  W: ['WTT', 'W', 'watt'],
  kWh: ['KWH', 'kWh', 'kilowatt hour'],
  'L/min': ['L2', 'l/min', 'litre per minute'],
  'l/min': ['L2', 'l/min', 'litre per minute'],
  'm³/h': ['MQH', 'm³/h', 'cubic metre per hour'],
  cm3: ['CMQ', 'cm³', 'cubic centimetre'],
  'cm³': ['CMQ', 'cm³', 'cubic centimetre'],
  'cm³/s': ['2J', 'cm³/s', 'cubic centimetre per second'],
  kN: ['B47', 'kN', 'kilonewton'],
  N: ['NEU', 'N', 'newton'],
  N·m: ['NU', 'N·m', 'newton metre'],
  Nm: ['NU', 'N·m', 'newton metre'],
  '%': ['P1', '%', 'percent'],
  rpm: ['RPM', 'r/min', 'revolutions per minute'],
  '1/min': ['RPM', 'r/min', 'revolutions per minute'],
  A: ['AMP', 'A', 'ampere'],
  V: ['VLT', 'V', 'volt'],
  Hz: ['HTZ', 'Hz', 'hertz'],
  'g/10min': ['F27', 'g/10 min', 'gram per 10 minutes'],
};

/** Part 8 §5.6.3: the code's ASCII bytes, most significant first. */
export function unitId(code: string): number {
  let id = 0;
  for (const ch of code.toUpperCase()) id = (id << 8) | ch.charCodeAt(0);
  return id;
}

export interface EngineeringUnit {
  readonly code: string;
  readonly unitId: number;
  readonly displayName: string;
  readonly description: string;
}

/** The EUInformation of a unit, or null for dimensionless signals and units outside the table. */
export function engineeringUnit(unit: string): EngineeringUnit | null {
  const u = UNECE[unit.trim()];
  if (!u) return null;
  return { code: u[0], unitId: unitId(u[0]), displayName: u[1], description: u[2] };
}
