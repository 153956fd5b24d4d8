/**
 * The built-in model, served when the official NodeSets are not configured: the mandatory EUROMAP
 * 77/83/82.x and OPC 40010 structure with the same BrowseNames, in the station's own namespace (own URI,
 * so no false claim of conformance; standards.md §0 #2, §2.2).
 */
import { DataType, type UADataType, type UAEventType, type UAObject } from 'node-opcua';
import {
  CYCLE_EVENT_FIELDS,
  type DeviceKind,
  ENUMERATIONS,
  INJECTION_UNIT_CYCLE_PARAMETERS,
} from '../euromap.ts';
import { METHOD_BINDINGS } from '../methods.ts';
import type { BuildContext } from './context.ts';

/** Project-namespace copies of the EUROMAP enumerations. */
export function createEnumTypes(ctx: Omit<BuildContext, 'enumType'>): Map<string, UADataType> {
  const out = new Map<string, UADataType>();
  for (const [name, values] of Object.entries(ENUMERATIONS)) {
    out.set(
      name,
      ctx.namespace.addEnumerationType({
        browseName: name,
        enumeration: values.map((v, i) => ({ displayName: v, value: i })),
      }),
    );
  }
  return out;
}

const objectIn = (ctx: BuildContext, parent: UAObject, name: string, organizes = false): UAObject =>
  ctx.namespace.addObject({
    browseName: { name, namespaceIndex: ctx.namespace.index },
    ...(organizes ? { organizedBy: parent } : { componentOf: parent }),
  });

const folderIn = (ctx: BuildContext, parent: UAObject, name: string): UAObject =>
  ctx.namespace.addObject({
    browseName: { name, namespaceIndex: ctx.namespace.index },
    organizedBy: parent,
    typeDefinition: 'FolderType',
  });

function propertyIn(ctx: BuildContext, parent: UAObject, name: string, dataType: DataType): void {
  ctx.namespace.addVariable({
    propertyOf: parent,
    browseName: { name, namespaceIndex: ctx.namespace.index },
    dataType: DataType[dataType],
  });
}

/** Nameplate properties (values set by the builder's nameplate pass). */
function identification(ctx: BuildContext, parent: UAObject, name: string, extra: readonly string[] = []) {
  const o = objectIn(ctx, parent, name);
  propertyIn(ctx, o, 'Manufacturer', DataType.LocalizedText);
  propertyIn(ctx, o, 'Model', DataType.LocalizedText);
  for (const p of ['SerialNumber', 'DeviceClass', ...extra]) propertyIn(ctx, o, p, DataType.String);
  return o;
}

function machineConfiguration(ctx: BuildContext, device: UAObject) {
  const o = objectIn(ctx, device, 'MachineConfiguration');
  propertyIn(ctx, o, 'UserMachineName', DataType.String);
  propertyIn(ctx, o, 'LocationName', DataType.String);
}

/** The mandatory skeleton of a device, by kind. */
export function createBuiltinDevice(
  ctx: BuildContext,
  deviceSet: UAObject,
  name: string,
  kind: DeviceKind,
): UAObject {
  const device = objectIn(ctx, deviceSet, name, true);
  const child = (parent: UAObject, n: string) => objectIn(ctx, parent, n);
  switch (kind) {
    case 'imm': {
      identification(ctx, device, 'MachineInformation', ['ControllerName']);
      machineConfiguration(ctx, device);
      child(device, 'MachineMESConfiguration');
      child(device, 'MachineStatus');
      child(child(device, 'MachineMESStatus'), 'ProductionControl');
      child(device, 'PowerUnits');
      child(device, 'Moulds');
      child(device, 'InjectionUnits');
      const jobs = child(device, 'Jobs');
      child(jobs, 'ActiveJob');
      child(jobs, 'ActiveJobValues');
      break;
    }
    case 'tcu':
      identification(ctx, device, 'Identification');
      machineConfiguration(ctx, device);
      child(device, 'TCDSpecification');
      child(device, 'Operation');
      child(child(device, 'DeviceZone'), 'Temperature');
      break;
    case 'hrd':
      identification(ctx, device, 'Identification');
      machineConfiguration(ctx, device);
      child(device, 'Operation');
      child(device, 'Zones');
      break;
    case 'robot':
      for (const f of ['MotionDevices', 'Controllers', 'SafetyStates']) folderIn(ctx, device, f);
      break;
    case 'other':
      identification(ctx, device, 'Identification');
      break;
  }
  return device;
}

/** EUROMAP methods of the built-in IMM, with the official input arguments (bound by the builder). */
export function createBuiltinMethods(ctx: BuildContext, imm: UAObject): void {
  for (const b of METHOD_BINDINGS) {
    let owner: UAObject | null = imm;
    for (const seg of b.owner.split('/')) owner = (owner?.getChildByName(seg) as UAObject | null) ?? null;
    if (!owner) continue;
    ctx.namespace.addMethod(owner, {
      browseName: { name: b.method, namespaceIndex: ctx.namespace.index },
      inputArguments: b.inputs.map((a) => ({
        name: a.name,
        dataType: a.dataType,
        valueRank: a.valueRank,
        ...(a.valueRank === 1 ? { arrayDimensions: [0] } : {}),
      })),
      outputArguments: [],
    });
  }
}

/** Project `CycleParametersEventType`: the same field names as OPC 40083 §19 + InjectionUnit set. */
export function createBuiltinCycleEventType(ctx: BuildContext): UAEventType {
  const ns = ctx.namespace;
  const et = ns.addEventType({ browseName: 'CycleParametersEventType' });
  const dataTypeOf = (f: string): string | UADataType =>
    f === 'JobName' || f === 'CurrentLotName'
      ? 'String'
      : f === 'CycleTime'
        ? 'Duration'
        : f === 'CycleQuality'
          ? ctx.enumType('CycleQualityEnumeration')!
          : f === 'JobStatus'
            ? ctx.enumType('JobStatusEnumeration')!
            : 'UInt64';
  for (const f of CYCLE_EVENT_FIELDS) {
    ns.addVariable({
      propertyOf: et,
      browseName: { name: f, namespaceIndex: ns.index },
      dataType: dataTypeOf(f),
      modellingRule: 'Mandatory',
    });
  }
  const iu = ns.addObject({
    componentOf: et,
    browseName: { name: 'InjectionUnitCycleParameters_1', namespaceIndex: ns.index },
    modellingRule: 'Mandatory',
  });
  ns.addVariable({
    propertyOf: iu,
    browseName: { name: 'Index', namespaceIndex: ns.index },
    dataType: 'UInt32',
    modellingRule: 'Mandatory',
  });
  for (const p of INJECTION_UNIT_CYCLE_PARAMETERS) {
    ns.addVariable({
      componentOf: iu,
      browseName: { name: p, namespaceIndex: ns.index },
      dataType: p === 'DosingTime' || p === 'InjectionTime' ? 'Duration' : 'Double',
      modellingRule: 'Mandatory',
    });
  }
  return et;
}
