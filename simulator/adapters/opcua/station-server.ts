/**
 * One station's node-opcua server, inside its worker process: endpoint and security
 * (reliability-security §2.1 OPC-2…OPC-8; standards.md §4.3), the generated address space, values from
 * the simulation, writes and method calls forwarded to the command API, the per-shot event.
 */
import { join } from 'node:path';
import {
  type AddressSpace,
  AttributeIds,
  type BaseNode,
  type CallbackT,
  DataType,
  DataValue,
  lowerFirstLetter,
  MessageSecurityMode,
  type MethodResult,
  makeRoles,
  type NodeId,
  nodesets,
  ObjectIds,
  OPCUACertificateManager,
  OPCUAServer,
  PermissionType,
  resolveNodeId,
  SecurityPolicy,
  type SessionContext,
  type StatusCode,
  StatusCodes,
  type UADataType,
  type UAEventType,
  type UAObject,
  type UAVariable,
  type Variant,
  VariantArrayType,
  WellKnownRoles,
  type WriteValue,
} from 'node-opcua';
import { buildAddressSpace } from './address-space/build.ts';
import { createBuiltinCycleEventType, createEnumTypes } from './address-space/builtin.ts';
import type { BuildContext } from './address-space/context.ts';
import { createOfficialCycleEventType } from './address-space/official.ts';
import { encode } from './codec.ts';
import { EUROMAP_FILES, NS } from './euromap.ts';
import { defaultRolePermissions, opcuaRoles } from './permissions.ts';
import type { CycleEvent, Reply, WorkerIdentity, WorkerInit } from './protocol.ts';
import { CALL_STATUS, statusOfRejection, WRITE_STATUS } from './status-map.ts';
import { validateWrite } from './write-validator.ts';

export interface StationServerLink {
  authenticate(user: string, password: string): Promise<WorkerIdentity | null>;
  write(user: string, key: string, value: number | boolean | string, client: string): Promise<Reply>;
  call(user: string, action: string, args: Record<string, unknown>, client: string): Promise<Reply>;
  log(line: string): void;
}

export interface StationServer {
  readonly endpoint: string;
  readonly mode: 'nodesets' | 'builtin';
  readonly unbound: readonly string[];
  /** apply flattened quads `[specIndex, value, quality, sourceTs]` */
  apply(flat: readonly (number | boolean | string)[]): void;
  raiseCycle(e: CycleEvent): void;
  stop(): Promise<void>;
}

/** Station quality → StatusCode (domain-model §7.1, F22). */
const QUALITY: readonly StatusCode[] = [
  StatusCodes.Good,
  StatusCodes.UncertainLastUsableValue,
  StatusCodes.BadCommunicationError,
];

const POLICIES = [
  SecurityPolicy.Basic256Sha256,
  SecurityPolicy.Aes128_Sha256_RsaOaep,
  SecurityPolicy.Aes256_Sha256_RsaPss,
];

function userOf(context: SessionContext): string | null {
  const token = context.session?.userIdentityToken as { userName?: unknown } | undefined;
  return typeof token?.userName === 'string' ? token.userName : null;
}

function clientOf(context: SessionContext): string {
  const s = context.session as
    | {
        channel?: { remoteAddress?: string; remotePort?: number };
        clientDescription?: { applicationUri?: string };
      }
    | undefined;
  const uri = s?.clientDescription?.applicationUri ?? '';
  const addr = s?.channel ? `${s.channel.remoteAddress ?? '?'}:${s.channel.remotePort ?? '?'}` : 'unknown';
  return `${uri ? `${uri} ` : ''}${addr}`.slice(0, 200);
}

function nodesetList(dir: string | null): string[] {
  if (!dir) return [nodesets.standard];
  return [
    nodesets.standard,
    nodesets.di,
    nodesets.ia,
    nodesets.machinery,
    nodesets.robotics,
    ...EUROMAP_FILES.map((f) => join(dir, f)),
  ];
}

export async function startStationServer(init: WorkerInit, link: StationServerLink): Promise<StationServer> {
  const mode: BuildContext['mode'] = init.nodesetsDir ? 'nodesets' : 'builtin';
  const pki = init.pkiDir;
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: pki,
    automaticallyAcceptUnknownCertificate: init.autoAcceptCertificates,
  });
  const userCertificateManager = new OPCUACertificateManager({
    rootFolder: join(pki, 'user'),
    automaticallyAcceptUnknownCertificate: false,
  });
  const identities = new Map<string, WorkerIdentity>();
  const insecure = init.allowInsecure;
  const L = init.limits;
  const clamp = (v: number, max: number) => (v > 0 ? Math.min(v, max) : max);
  const applicationUri = `urn:plastlab:${init.lab}:${init.station}`;

  const server = new OPCUAServer({
    port: init.port,
    host: init.host,
    hostname: init.hostname,
    nodeset_filename: nodesetList(init.nodesetsDir),
    serverCertificateManager,
    userCertificateManager,
    serverInfo: {
      applicationUri,
      productUri: 'urn:plastlab',
      applicationName: { text: `plastlab station ${init.station}`, locale: 'en' },
    },
    buildInfo: { productName: 'plastlab', manufacturerName: 'plastlab', softwareVersion: '0.1.0' },
    securityModes: insecure
      ? [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt]
      : [MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: insecure ? [SecurityPolicy.None, ...POLICIES] : POLICIES,
    allowAnonymous: insecure,
    unresolvedPermissionPolicy: 'deny',
    isAuditing: false,
    maxConnectionsPerEndpoint: L.maxConnectionsPerEndpoint,
    serverCapabilities: {
      maxSessions: L.maxSessions,
      maxSubscriptionsPerSession: L.maxSubscriptionsPerSession,
      maxMonitoredItemsPerSubscription: L.maxMonitoredItemsPerSubscription,
      maxArrayLength: 10_000,
      maxStringLength: 65_535,
      maxByteStringLength: 1 << 20,
      operationLimits: {
        maxNodesPerRead: 2000,
        maxNodesPerWrite: 100,
        maxNodesPerBrowse: 1000,
        maxNodesPerMethodCall: 10,
        maxMonitoredItemsPerCall: 2000,
        maxNodesPerTranslateBrowsePathsToNodeIds: 1000,
        maxNodesPerRegisterNodes: 1000,
      },
    } as never,
    transportSettings: {
      adjustTransportLimits: (h) => ({
        receiveBufferSize: clamp(h.receiveBufferSize, L.maxBufferSize),
        sendBufferSize: clamp(h.sendBufferSize, L.maxBufferSize),
        maxMessageSize: clamp(h.maxMessageSize, L.maxMessageSize),
        maxChunkCount: clamp(h.maxChunkCount, L.maxChunkCount),
      }),
    },
    userManager: {
      isValidUserAsync(user: string, password: string, cb: (err: Error | null, ok?: boolean) => void) {
        link.authenticate(user, password).then(
          (id) => {
            if (id) identities.set(user, id);
            cb(null, !!id);
          },
          () => cb(null, false),
        );
      },
      getUserRoles(user: string): NodeId[] {
        const id = identities.get(user);
        return id ? makeRoles(opcuaRoles(id.roles)) : [];
      },
    },
  });
  const t0 = performance.now();
  await server.initialize();
  const engine = server.engine;
  const addressSpace = engine.addressSpace!;
  // diagnostics off and locked: no other session's name, client or history is readable (T1, OPC-6)
  engine.serverDiagnosticsEnabled = false;
  const diagnostics = addressSpace.findNode(resolveNodeId(ObjectIds.Server_ServerDiagnostics));
  if (diagnostics) lockTree(diagnostics);
  server.on('session_activated', (session) => {
    const o = (session as { sessionObject?: BaseNode | null }).sessionObject;
    if (o) lockTree(o);
  });

  // the server's own namespace carries the application URI: the station namespace
  const namespace = addressSpace.getOwnNamespace();
  const base = {
    addressSpace,
    namespace,
    mode,
    station: init.station,
    lab: init.lab,
    allowAnonymous: insecure,
  };
  const builtinEnums = mode === 'builtin' ? createEnumTypes(base) : null;
  const ctx: BuildContext = {
    ...base,
    enumType: (name) =>
      builtinEnums ? (builtinEnums.get(name) ?? null) : officialDataType(addressSpace, name),
  };
  const eventType = mode === 'builtin' ? createBuiltinCycleEventType(ctx) : createOfficialCycleEventType(ctx);
  const result = buildAddressSpace(ctx, init.signals);
  // fail closed (OPC-5): every namespace has DefaultRolePermissions
  for (const ns of addressSpace.getNamespaceArray()) {
    ns.setDefaultRolePermissions(defaultRolePermissions(insecure));
  }

  // values
  const setValue = (i: number, value: number | boolean | string, quality: number, sourceTs: number) => {
    const b = result.bound[i];
    if (!b) return;
    const dv = new DataValue({
      value: encode(b.codec, value) as Variant,
      statusCode: QUALITY[quality] ?? StatusCodes.Bad,
      sourceTimestamp: new Date(sourceTs),
      serverTimestamp: new Date(),
    });
    (
      b.variable as unknown as { _internal_set_dataValue(d: DataValue, r: null): void }
    )._internal_set_dataValue(dv, null);
  };
  // a value the variable refuses is reported once per signal, never allowed to end the worker
  const refused = new Set<number>();
  const apply = (flat: readonly (number | boolean | string)[]) => {
    for (let k = 0; k + 3 < flat.length; k += 4) {
      const i = flat[k] as number;
      try {
        setValue(i, flat[k + 1]!, flat[k + 2] as number, flat[k + 3] as number);
      } catch (err) {
        if (refused.has(i)) continue;
        refused.add(i);
        link.log(`opcua ${init.station}: ${result.bound[i]?.spec.key}: value refused: ${String(err)}`);
      }
    }
  };
  apply(init.image);

  // writes: our validator in front of node-opcua, then the command API (OPC-7)
  result.bound.forEach((b, i) => {
    if (!b) return;
    type WriteFn = (c: SessionContext, w: WriteValue, cb: (e: Error | null, s?: StatusCode) => void) => void;
    const v = b.variable as unknown as { writeAttribute: WriteFn };
    const original = v.writeAttribute.bind(v);
    v.writeAttribute = (context, wv, cb) => {
      if (wv.attributeId !== AttributeIds.Value) return original(context, wv, cb);
      writeValue(i, context, wv).then(
        (s) => cb(null, s),
        () => cb(null, StatusCodes.BadInternalError),
      );
    };
  });
  async function writeValue(i: number, context: SessionContext, wv: WriteValue): Promise<StatusCode> {
    const b = result.bound[i]!;
    if (!b.variable.isWritable(context)) return StatusCodes.BadNotWritable;
    if (!b.variable.isUserWritable(context)) return StatusCodes.BadUserAccessDenied;
    const user = userOf(context);
    const identity = user ? identities.get(user) : undefined;
    const dv = wv.value;
    const verdict = validateWrite(b.spec, b.codec, {
      variant: dv.value as never,
      setsStatusOrTimestamps: !dv.statusCode.isGood() || !!dv.sourceTimestamp || !!dv.serverTimestamp,
      indexRange: !!wv.indexRange?.isDefined(),
      roles: identity?.roles ?? null,
    });
    if (!verdict.ok) return verdict.status;
    const reply = await link.write(user!, b.spec.key, verdict.value, clientOf(context));
    if (!reply.ok) return statusOfRejection(reply.code, WRITE_STATUS);
    // read-your-write: the accepted value, before the next tick's batch confirms it
    if (reply.applied !== undefined) setValue(i, reply.applied, 0, reply.ts ?? Date.now());
    return StatusCodes.Good;
  }

  // methods → command API actions
  for (const { node, binding } of result.methods) {
    node.bindMethod(((inputArguments: Variant[], context: SessionContext, cb: CallbackT<MethodResult>) => {
      const declared = (node.getInputArguments?.() ?? []) as { name?: string }[];
      const named: Record<string, unknown> = {};
      declared.forEach((a, k) => {
        named[a.name ?? `arg${k}`] = argValue(inputArguments[k]);
      });
      const user = userOf(context);
      if (!user) return cb(null, { statusCode: StatusCodes.BadUserAccessDenied });
      link.call(user, binding.action, binding.args(named), clientOf(context)).then(
        (r) => cb(null, { statusCode: r.ok ? StatusCodes.Good : statusOfRejection(r.code, CALL_STATUS) }),
        () => cb(null, { statusCode: StatusCodes.BadInternalError }),
      );
    }) as never);
  }

  // the per-shot event, raised on each IMM (an event notifier, referenced from Server for UaExpert)
  const serverObject = addressSpace.rootFolder.objects.server;
  for (const imm of result.imms) {
    imm.setEventNotifier(1);
    serverObject.addReference({ referenceType: 'HasNotifier', nodeId: imm.nodeId });
  }
  const raiseCycle = (e: CycleEvent) => {
    if (!eventType) return;
    const data: Record<string, { dataType: DataType; value: unknown; arrayType?: VariantArrayType }> = {
      time: { dataType: DataType.DateTime, value: new Date(e.time) },
      message: { dataType: DataType.LocalizedText, value: { text: 'cycle finished' } },
      severity: { dataType: DataType.UInt16, value: 100 },
    };
    for (const [k, v] of Object.entries(e.fields)) {
      const field = declaredField(eventType, k);
      if (!field) continue;
      data[lowerFirstLetter(k)] = eventVariant(addressSpace, field, v);
    }
    const iu = eventType.getChildByName('InjectionUnitCycleParameters_1');
    if (iu) {
      const prefix = `${lowerFirstLetter('InjectionUnitCycleParameters_1')}.`;
      data[`${prefix}index`] = { dataType: DataType.UInt32, value: 1 };
      for (const [k, v] of Object.entries(e.injectionUnit)) {
        if (iu.getChildByName(k))
          data[prefix + lowerFirstLetter(k)] = { dataType: DataType.Double, value: v };
      }
    }
    try {
      for (const imm of result.imms) imm.raiseEvent(eventType, data as never);
    } catch (err) {
      // a malformed record must not take the endpoint down
      link.log(`opcua ${init.station}: cycle event not raised: ${err instanceof Error ? err.message : err}`);
    }
  };

  await server.start();
  const endpoint = server.getEndpointUrl();
  link.log(
    `opcua ${init.station}: ${mode} model, ${result.bound.filter(Boolean).length} signals, ` +
      `${result.methods.length} methods, ready in ${Math.round(performance.now() - t0)} ms`,
  );
  return {
    endpoint,
    mode,
    unbound: result.unbound,
    apply,
    raiseCycle,
    stop: () => server.shutdown(0),
  };
}

/** A DataType of the companion specifications by BrowseName. */
function officialDataType(as: AddressSpace, name: string): UADataType | null {
  for (const uri of Object.values(NS)) {
    const i = as.getNamespaceIndex(uri);
    const dt = i >= 0 ? as.findDataType(name, i) : null;
    if (dt) return dt;
  }
  return null;
}

/** Only a SecurityAdmin (nobody in plastlab) may browse or read these nodes. */
function lockTree(node: BaseNode, depth = 0): void {
  node.setRolePermissions([
    { roleId: WellKnownRoles.SecurityAdmin, permissions: PermissionType.Browse | PermissionType.Read },
  ]);
  if (depth < 8) for (const c of (node as UAObject).getAggregates()) lockTree(c, depth + 1);
}

/** An event field declared by the event type or one of its supertypes. */
function declaredField(eventType: UAEventType, name: string): UAVariable | null {
  for (let t: UAEventType | null = eventType; t; t = t.subtypeOfObj as UAEventType | null) {
    const f = t.getChildByName(name);
    if (f) return f as UAVariable;
  }
  return null;
}

/** A method argument as the action gets it: UInt64 → number, LocalizedText → text. */
function argValue(v: Variant | undefined): unknown {
  if (!v) return undefined;
  if (v.dataType === DataType.UInt64 || v.dataType === DataType.Int64) {
    const [h, l] = v.value as [number, number];
    return h * 2 ** 32 + (l >>> 0);
  }
  if (v.dataType === DataType.LocalizedText) return (v.value as { text?: string } | null)?.text ?? '';
  return v.value;
}

/** An event field value in the field's DataType (UInt64 pairs, enumerations as Int32). */
function eventVariant(
  as: NonNullable<OPCUAServer['engine']['addressSpace']>,
  field: UAVariable,
  v: number | string | boolean,
): { dataType: DataType; value: unknown; arrayType?: VariantArrayType } {
  const dt = as.findDataType(field.dataType);
  const basic = dt ? as.findCorrespondingBasicDataType(dt) : DataType.Variant;
  if (basic === DataType.UInt64) {
    const n = Math.max(0, Math.round(Number(v)) || 0);
    const h = Math.floor(n / 2 ** 32);
    return { dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [h, n - h * 2 ** 32] };
  }
  if (basic === DataType.String) return { dataType: DataType.String, value: String(v) };
  if (basic === DataType.Boolean) return { dataType: DataType.Boolean, value: !!v };
  return { dataType: basic, value: Number(v) };
}
