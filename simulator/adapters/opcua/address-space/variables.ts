/**
 * Variables of the signal model: their DataType (float → Double, int → Int32 or UInt64 where EUROMAP
 * says so, bool → Boolean, enum → the EUROMAP enumeration or Int32 + EnumStrings, string → String),
 * AnalogItem EURange and EngineeringUnits (Part 8 §5.3.2), access levels and role permissions.
 */
import {
  type AddressSpace,
  AttributeIds,
  type BaseNode,
  DataType,
  makeAccessLevelFlag,
  makeEUInformation,
  NodeClass,
  Range,
  type StatusCode,
  StatusCodes,
  type UADataType,
  type UAObject,
  type UAVariable,
} from 'node-opcua';
import { type Codec, codecFor, encode } from '../codec.ts';
import { DURATION_LEAVES, ENUM_OF_LEAF, ENUMERATIONS, enumMapping, UINT64_LEAVES } from '../euromap.ts';
import { writableRolePermissions } from '../permissions.ts';
import type { SignalSpec } from '../protocol.ts';
import { engineeringUnit } from '../units.ts';
import type { BuildContext } from './context.ts';

/** Names of an enumeration DataType: from the catalogue, else from its EnumStrings/EnumValues. */
export function enumNames(dt: UADataType): readonly string[] | null {
  const known = ENUMERATIONS[dt.browseName.name ?? ''];
  if (known) return known;
  const strings = dt.getChildByName('EnumStrings') as UAVariable | null;
  const values = strings?.readValue().value.value as { text?: string }[] | undefined;
  if (Array.isArray(values)) return values.map((v) => v.text ?? '');
  const ev = dt.getChildByName('EnumValues') as UAVariable | null;
  const list = ev?.readValue().value.value as { value: number; displayName: { text: string } }[] | undefined;
  if (!Array.isArray(list)) return null;
  const out: string[] = [];
  for (const e of list) out[Number(e.value)] = e.displayName.text;
  return out;
}

const isEnumeration = (as: AddressSpace, dt: UADataType): boolean => {
  const enumeration = as.findDataType('Enumeration');
  return !!enumeration && dt.isSubtypeOf(enumeration);
};

/** A Duration node fed by a signal in seconds gets ms (EUROMAP Duration = ms). */
function durationScale(as: AddressSpace, v: UAVariable, spec: SignalSpec): number {
  const duration = as.findDataType('Duration');
  const dt = as.findDataType(v.dataType);
  return duration && dt?.isSubtypeOf(duration) && spec.unit === 's' ? 1000 : 1;
}

/** The codec of an existing variable for a signal, or null when the types cannot meet. */
export function codecOfVariable(ctx: BuildContext, v: UAVariable, spec: SignalSpec): Codec | null {
  const as = ctx.addressSpace;
  const dt = as.findDataType(v.dataType);
  if (!dt) return null;
  const basic = as.findCorrespondingBasicDataType(dt);
  let mapping: number[] | undefined;
  if (spec.type === 'enum' && spec.enumValues) {
    const names = isEnumeration(as, dt) ? enumNames(dt) : null;
    mapping = (names && enumMapping(spec.enumValues, names)) ?? spec.enumValues.map((_, i) => i);
  }
  // an abstract DataType (MultiStateDiscrete's Number): the built-in type of the current value
  const wire = basic === DataType.Variant || basic === DataType.Null ? v.readValue().value.dataType : basic;
  const codec = codecFor(wire, mapping);
  if (!codec) return null;
  const scale = durationScale(as, v, spec);
  return scale === 1 ? codec : { ...codec, scale };
}

/** The DataType of a new variable for a signal, and its enum mapping. */
function newDataType(ctx: BuildContext, spec: SignalSpec, leaf: string): { dataType: string | UADataType } {
  switch (spec.type) {
    case 'float':
      return { dataType: DURATION_LEAVES.has(leaf) ? 'Duration' : 'Double' };
    case 'int':
      return { dataType: UINT64_LEAVES.has(leaf) ? 'UInt64' : 'Int32' };
    case 'bool':
      return { dataType: 'Boolean' };
    case 'string':
      return { dataType: 'String' };
    case 'enum': {
      const name = ENUM_OF_LEAF[leaf];
      const dt = name ? ctx.enumType(name) : null;
      if (dt && spec.enumValues && enumMapping(spec.enumValues, ENUMERATIONS[name!]!))
        return { dataType: dt };
      return { dataType: 'Int32' };
    }
  }
}

const accessOf = (spec: SignalSpec) =>
  makeAccessLevelFlag(spec.writeRoles.length ? 'CurrentRead | CurrentWrite' : 'CurrentRead');

/** Create the variable of a signal under `parent` (a path segment the model did not have). */
export function createVariable(
  ctx: BuildContext,
  parent: UAObject,
  leaf: string,
  spec: SignalSpec,
): UAVariable {
  const ns = ctx.namespace;
  const browseName = { name: leaf, namespaceIndex: ns.index };
  const description = spec.label.en;
  const displayName = leaf;
  const eu = engineeringUnit(spec.unit);
  if (spec.type === 'float' && (eu || spec.range) && !DURATION_LEAVES.has(leaf)) {
    const { dataType } = newDataType(ctx, spec, leaf);
    return ns.addAnalogDataItem({
      componentOf: parent,
      browseName,
      displayName,
      description,
      dataType: dataType as string,
      ...(spec.range ? { engineeringUnitsRange: { low: spec.range.min, high: spec.range.max } } : {}),
      ...(eu ? { engineeringUnits: makeEUInformation(eu.code, eu.displayName, eu.description) } : {}),
      accessLevel: accessOf(spec),
      userAccessLevel: accessOf(spec),
    }) as UAVariable;
  }
  const { dataType } = newDataType(ctx, spec, leaf);
  if (spec.type === 'enum' && dataType === 'Int32' && spec.enumValues) {
    return ns.addMultiStateDiscrete({
      componentOf: parent,
      browseName,
      displayName,
      description,
      enumStrings: [...spec.enumValues],
      dataType: 'UInt32',
      value: 0,
      accessLevel: accessOf(spec),
      userAccessLevel: accessOf(spec),
    }) as unknown as UAVariable;
  }
  return ns.addVariable({
    componentOf: parent,
    browseName,
    displayName,
    description,
    dataType,
    accessLevel: accessOf(spec),
    userAccessLevel: accessOf(spec),
  });
}

/** Give an existing (instantiated) variable the access, EURange and EngineeringUnits of its signal. */
export function adoptVariable(ctx: BuildContext, v: UAVariable, spec: SignalSpec, codec: Codec): void {
  v.accessLevel = accessOf(spec);
  v.userAccessLevel = accessOf(spec);
  const isNumber = codec.kind === 'double' || codec.kind === 'integer';
  if (!isNumber || spec.type === 'enum') return;
  const scale = codec.scale ?? 1;
  const eu = engineeringUnit(scale === 1000 ? 'ms' : spec.unit);
  const range = spec.range;
  const euRange = v.getChildByName('EURange') as UAVariable | null;
  if (range) {
    const value = new Range({ low: range.min * scale, high: range.max * scale });
    if (euRange) euRange.setValueFromSource({ dataType: DataType.ExtensionObject, value });
    else if (codec.kind === 'double') addProperty(ctx, v, 'EURange', 'Range', value);
  }
  if (eu) {
    const value = makeEUInformation(eu.code, eu.displayName, eu.description);
    const units = v.getChildByName('EngineeringUnits') as UAVariable | null;
    if (units) units.setValueFromSource({ dataType: DataType.ExtensionObject, value });
    else addProperty(ctx, v, 'EngineeringUnits', 'EUInformation', value);
  }
}

function addProperty(ctx: BuildContext, v: UAVariable, name: string, dataType: string, value: unknown) {
  ctx.namespace.addVariable({
    propertyOf: v,
    browseName: { name, namespaceIndex: 0 },
    typeDefinition: 'PropertyType',
    dataType,
    value: { dataType: DataType.ExtensionObject, value },
  });
}

/**
 * Write-protect a variable no signal feeds (a nameplate value, an unused optional member): a Value
 * write answers BadNotWritable whatever the user (nothing but the command API changes the cell).
 */
export function lockVariable(v: UAVariable): void {
  v.accessLevel = makeAccessLevelFlag('CurrentRead');
  v.userAccessLevel = makeAccessLevelFlag('CurrentRead');
  type WriteFn = (
    c: unknown,
    w: { attributeId: number },
    cb: (e: Error | null, s?: StatusCode) => void,
  ) => void;
  const node = v as unknown as { writeAttribute: WriteFn };
  const original = node.writeAttribute.bind(node);
  node.writeAttribute = (c, w, cb) =>
    w.attributeId === AttributeIds.Value ? cb(null, StatusCodes.BadNotWritable) : original(c, w, cb);
}

/** Apply the signal's role permissions to a bound variable. */
export function applyPermissions(ctx: BuildContext, v: UAVariable, spec: SignalSpec): void {
  if (spec.writeRoles.length)
    v.setRolePermissions(writableRolePermissions(spec.writeRoles, ctx.allowAnonymous));
}

/** Set a static value on a variable (nameplate), coerced to the variable's DataType. */
export function setStatic(ctx: BuildContext, v: UAVariable, value: number | boolean | string): void {
  const dt = ctx.addressSpace.findDataType(v.dataType);
  if (!dt) return;
  const codec = codecFor(ctx.addressSpace.findCorrespondingBasicDataType(dt));
  if (!codec || v.valueRank > 0) return;
  if (typeof value === 'string' && codec.kind !== 'string' && codec.kind !== 'localizedText') return;
  v.setValueFromSource(encode(codec, value) as Parameters<UAVariable['setValueFromSource']>[0]);
}

export const isVariable = (n: BaseNode | null | undefined): n is UAVariable =>
  !!n && n.nodeClass === NodeClass.Variable;
