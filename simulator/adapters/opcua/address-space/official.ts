/**
 * Official mode: instantiate the EUROMAP / Robotics types (standards.md §2.3) and create placeholder
 * members (`InjectionUnit_<Nr>`, `TemperatureZone_<Nr>`, `Mould_<Nr>`, `Zone_<Nr>`, `<AxisIdentifier>`…)
 * explicitly, because `instantiate` does not (pitfall 4).
 */
import { type BaseNode, NodeClass, type UAEventType, type UAObject, type UAObjectType } from 'node-opcua';
import { DEVICE_TYPES, type DeviceKind, INJECTION_UNIT_CYCLE_PARAMETERS, NS } from '../euromap.ts';
import type { BuildContext } from './context.ts';

/** `optionals` for `instantiate`: every prefix of the relative paths below the new node, dotted. */
export function optionalsOf(relPaths: readonly (readonly string[])[]): string[] {
  const out = new Set<string>();
  for (const p of relPaths) for (let i = 1; i <= p.length; i++) out.add(p.slice(0, i).join('.'));
  return [...out];
}

/** Instantiate the official root type of a device, or null when its NodeSet is not loaded. */
export function instantiateDevice(
  ctx: BuildContext,
  deviceSet: UAObject,
  name: string,
  kind: DeviceKind,
  relPaths: readonly (readonly string[])[],
): UAObject | null {
  const t = DEVICE_TYPES[kind];
  if (!t) return null;
  const nsIndex = ctx.addressSpace.getNamespaceIndex(t[0]);
  const type = nsIndex >= 0 ? ctx.addressSpace.findObjectType(t[1], nsIndex) : null;
  if (!type) return null;
  const extra = kind === 'imm' ? [['Jobs']] : [];
  return type.instantiate({
    browseName: { name, namespaceIndex: ctx.namespace.index },
    organizedBy: deviceSet,
    optionals: optionalsOf([...extra, ...relPaths]),
  }) as UAObject;
}

const isPlaceholder = (n: BaseNode): boolean => /Placeholder/.test(String((n as UAObject).modellingRule));

/** `InjectionUnit_<Nr>` → /^InjectionUnit_\d+$/, `<TemperatureZone_Nr>` → /^TemperatureZone_\d+$/. */
export function placeholderPattern(name: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const src = name
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (!part.startsWith('<')) return esc(part);
      const inner = part.slice(1, -1);
      if (inner === 'Nr') return '\\d+';
      if (inner.endsWith('_Nr')) return `${esc(inner.slice(0, -3))}_\\d+`;
      return '[A-Za-z][A-Za-z0-9_]*';
    })
    .join('');
  return new RegExp(`^${src}$`);
}

function typeChain(t: UAObjectType | null | undefined): BaseNode[] {
  const out: BaseNode[] = [];
  for (let x = t; x; x = x.subtypeOfObj as UAObjectType | null) out.push(x);
  return out;
}

/**
 * The declarations that describe the children of `node`: its type and supertypes, plus the instance
 * declaration of `node` inside its parent's declarations (a folder such as Robotics' `MotionDevices`
 * carries its placeholder in the parent type, not in FolderType).
 */
function declarationsOf(node: BaseNode, depth = 0): BaseNode[] {
  const own = node.nodeClass === NodeClass.Object ? typeChain((node as UAObject).typeDefinitionObj) : [];
  const parent = (node as UAObject).parent;
  if (!parent || depth > 12) return own;
  const out = [...own];
  for (const d of declarationsOf(parent, depth + 1)) {
    const c = (d as UAObject).getChildByName(node.browseName.name ?? '');
    if (c) out.push(c, ...typeChain((c as UAObject).typeDefinitionObj));
  }
  return out;
}

/** Create the placeholder member `name` under `parent` when a declaration allows it. */
export function instantiatePlaceholder(
  _ctx: BuildContext,
  parent: UAObject,
  name: string,
  relPaths: readonly (readonly string[])[],
): UAObject | null {
  for (const d of declarationsOf(parent)) {
    for (const c of (d as UAObject).getComponents()) {
      if (c.nodeClass !== NodeClass.Object || !isPlaceholder(c)) continue;
      if (!placeholderPattern(c.browseName.name ?? '').test(name)) continue;
      const type = (c as UAObject).typeDefinitionObj;
      if (!type || type.isAbstract) continue;
      const organizes = /Folder/.test(parent.typeDefinitionObj?.browseName.name ?? '');
      return type.instantiate({
        browseName: { name, namespaceIndex: c.browseName.namespaceIndex },
        ...(organizes ? { organizedBy: parent } : { componentOf: parent }),
        optionals: optionalsOf(relPaths),
      }) as UAObject;
    }
  }
  return null;
}

/**
 * The concrete per-station CycleParametersEventType (OPC 40077 §17.3: servers derive their own
 * non-abstract subtype) with an `InjectionUnitCycleParameters_1` member of a concrete subtype of the
 * abstract InjectionUnitCycleParametersType.
 */
export function createOfficialCycleEventType(ctx: BuildContext): UAEventType | null {
  const as = ctx.addressSpace;
  const base = as.findEventType('CycleParametersEventType', as.getNamespaceIndex(NS.general));
  const iuBase = as.findObjectType('InjectionUnitCycleParametersType', as.getNamespaceIndex(NS.imm));
  if (!base || !iuBase) return null;
  const ns = ctx.namespace;
  const iuType = ns.addObjectType({
    browseName: 'PlastlabInjectionUnitCycleParametersType',
    subtypeOf: iuBase,
  });
  const et = ns.addEventType({ browseName: 'PlastlabCycleParametersEventType', subtypeOf: base });
  iuType.instantiate({
    browseName: { name: 'InjectionUnitCycleParameters_1', namespaceIndex: as.getNamespaceIndex(NS.imm) },
    componentOf: et as unknown as UAObject,
    modellingRule: 'Mandatory',
    optionals: [...INJECTION_UNIT_CYCLE_PARAMETERS],
  });
  return et;
}
