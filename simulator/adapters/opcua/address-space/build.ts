/**
 * The address space of one station, generated from the signal registry (DESIGN.md principle 1):
 * devices under `Objects/DeviceSet` (official types or the built-in model), then one variable per
 * candidate-visible signal at its `channels.opcua.browsePath`, reusing what the types already declare
 * and creating only what they lack. Trainer-only signals never reach this file (the main process sends
 * only candidate-visible ones; registry.ts refuses a trainer-only signal with an OPC UA channel).
 */
import { type BaseNode, NodeClass, type UAMethod, type UAObject, type UAVariable } from 'node-opcua';
import type { Codec } from '../codec.ts';
import { deviceKind, nameplate } from '../euromap.ts';
import { bindingOf, type MethodBinding } from '../methods.ts';
import type { SignalSpec } from '../protocol.ts';
import { createBuiltinDevice, createBuiltinMethods } from './builtin.ts';
import type { BuildContext } from './context.ts';
import { instantiateDevice, instantiatePlaceholder } from './official.ts';
import {
  adoptVariable,
  applyPermissions,
  codecOfVariable,
  createVariable,
  enumNames,
  isVariable,
  lockVariable,
  setStatic,
} from './variables.ts';

export interface BoundSignal {
  readonly spec: SignalSpec;
  readonly variable: UAVariable;
  readonly codec: Codec;
}

export interface BuildResult {
  /** by signal spec index; null when the signal could not be bound (listed in `unbound`) */
  readonly bound: readonly (BoundSignal | null)[];
  readonly unbound: readonly string[];
  /** the IMM root objects (event sources) */
  readonly imms: readonly UAObject[];
  readonly methods: readonly { readonly node: UAMethod; readonly binding: MethodBinding }[];
}

const isObject = (n: BaseNode | null | undefined): n is UAObject => !!n && n.nodeClass === NodeClass.Object;

/** A child by BrowseName name (any namespace): aggregates first, then Organizes. */
export function findChild(node: BaseNode, name: string): BaseNode | null {
  const c = (node as UAObject).getChildByName(name);
  if (c) return c;
  for (const o of node.findReferencesAsObject('Organizes', true)) if (o.browseName.name === name) return o;
  return null;
}

const isFolder = (n: UAObject): boolean => n.typeDefinitionObj?.browseName.name === 'FolderType';

function createObject(ctx: BuildContext, parent: UAObject, name: string): UAObject {
  return ctx.namespace.addObject({
    browseName: { name, namespaceIndex: ctx.namespace.index },
    ...(isFolder(parent) ? { organizedBy: parent } : { componentOf: parent }),
  });
}

export function buildAddressSpace(ctx: BuildContext, specs: readonly SignalSpec[]): BuildResult {
  const objects = ctx.addressSpace.rootFolder.objects as unknown as UAObject;
  const below = (prefix: readonly string[]): string[][] =>
    specs
      .filter((s) => s.path.length > prefix.length && prefix.every((p, i) => s.path[i] === p))
      .map((s) => s.path.slice(prefix.length));

  // 1. devices under DeviceSet, by kind
  const deviceNames = [...new Set(specs.filter((s) => s.path[0] === 'DeviceSet').map((s) => s.path[1]!))];
  let deviceSet = findChild(objects, 'DeviceSet');
  if (!deviceSet && deviceNames.length) {
    deviceSet = ctx.namespace.addFolder(objects, {
      browseName: { name: 'DeviceSet', namespaceIndex: ctx.namespace.index },
    });
  }
  const devices: UAObject[] = [];
  const imms: UAObject[] = [];
  for (const name of deviceNames.sort()) {
    const kind = deviceKind(name);
    const rel = below(['DeviceSet', name]);
    const dev =
      (ctx.mode === 'nodesets' ? instantiateDevice(ctx, deviceSet as UAObject, name, kind, rel) : null) ??
      createBuiltinDevice(ctx, deviceSet as UAObject, name, kind);
    if (kind === 'imm') {
      if (ctx.mode === 'builtin') createBuiltinMethods(ctx, dev);
      imms.push(dev);
    }
    devices.push(dev);
  }

  // 2. one variable per signal
  const bound: (BoundSignal | null)[] = [];
  const unbound: string[] = [];
  for (const spec of specs) {
    const fail = (why: string) => {
      unbound.push(`${spec.key}: ${spec.path.join('/')}: ${why}`);
      bound.push(null);
    };
    let node: UAObject = objects;
    let ok = true;
    for (let i = 0; i < spec.path.length - 1 && ok; i++) {
      const seg = spec.path[i]!;
      let next = findChild(node, seg);
      if (!next && ctx.mode === 'nodesets') {
        next = instantiatePlaceholder(ctx, node, seg, below(spec.path.slice(0, i + 1)));
      }
      next ??= createObject(ctx, node, seg);
      if (!isObject(next)) ok = false;
      else node = next;
    }
    if (!ok) {
      fail('the path runs through a variable');
      continue;
    }
    const leaf = spec.path[spec.path.length - 1]!;
    const existing = findChild(node, leaf);
    if (existing && !isVariable(existing)) {
      fail(`"${leaf}" is a ${NodeClass[existing.nodeClass]}, not a variable`);
      continue;
    }
    const variable = existing ?? createVariable(ctx, node, leaf, spec);
    const codec = codecOfVariable(ctx, variable, spec);
    if (!codec || (spec.type === 'string') !== (codec.kind === 'string' || codec.kind === 'localizedText')) {
      fail('the variable DataType does not fit the signal type');
      continue;
    }
    adoptVariable(ctx, variable, spec, codec);
    applyPermissions(ctx, variable, spec);
    bound.push({ spec, variable, codec });
  }

  // 3. nameplate values on what no signal feeds, then write-protect everything unbound
  const boundVars = new Set(bound.filter((b) => b !== null).map((b) => b.variable));
  for (const dev of devices) applyNameplate(ctx, dev, boundVars);
  for (const n of (ctx.namespace as unknown as { nodeIterator(): Iterable<BaseNode> }).nodeIterator()) {
    if (isVariable(n) && !boundVars.has(n)) lockVariable(n);
  }

  // 4. EUROMAP methods of each IMM
  const methods: { node: UAMethod; binding: MethodBinding }[] = [];
  for (const imm of imms) {
    walk(imm, (n) => {
      if (n.nodeClass !== NodeClass.Method) return;
      const binding = bindingOf(n.browseName.name ?? '');
      if (binding) methods.push({ node: n as UAMethod, binding });
    });
  }
  return { bound, unbound, imms, methods };
}

function walk(root: BaseNode, visit: (n: BaseNode) => void, depth = 0): void {
  if (depth > 12) return;
  const children = [...(root as UAObject).getAggregates(), ...root.findReferencesAsObject('Organizes', true)];
  for (const c of children) {
    visit(c);
    if (c.nodeClass === NodeClass.Object) walk(c, visit, depth + 1);
  }
}

/** Nameplate and housekeeping values (Index, IsPresent, Name…) for variables no signal feeds. */
function applyNameplate(ctx: BuildContext, device: UAObject, boundVars: ReadonlySet<UAVariable>): void {
  const name = device.browseName.name ?? '';
  const plate = nameplate(deviceKind(name), name, ctx.station, ctx.lab) as Record<string, string>;
  const numberedAncestor = (n: BaseNode): { name: string; nr: number } | null => {
    for (let p = (n as UAObject).parent; p; p = (p as UAObject).parent) {
      const m = /_(\d+)$/.exec(p.browseName.name ?? '');
      if (m) return { name: p.browseName.name ?? '', nr: Number(m[1]) };
    }
    return null;
  };
  walk(device, (n) => {
    if (!isVariable(n) || boundVars.has(n)) return;
    const leaf = n.browseName.name ?? '';
    const current = n.readValue().value.value;
    if (current !== null && current !== undefined && current !== '') return;
    if (leaf in plate) setStatic(ctx, n, plate[leaf]!);
    else if (leaf === 'IsPresent') setStatic(ctx, n, true);
    else if (leaf === 'Index' || leaf === 'Name' || leaf === 'Id') {
      const a = numberedAncestor(n);
      if (a) setStatic(ctx, n, leaf === 'Index' ? a.nr : a.name);
    } else if (leaf === 'MotionDeviceCategory') {
      const dt = ctx.addressSpace.findDataType(n.dataType);
      const i = dt ? (enumNames(dt)?.findIndex((x) => /CARTESIAN/.test(x)) ?? -1) : -1;
      if (i >= 0) setStatic(ctx, n, i);
    }
  });
}
