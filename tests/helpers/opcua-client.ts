/** Client-side helpers for the OPC UA tests: resolve BrowseName paths, browse everything, events. */
import {
  AttributeIds,
  BrowseDirection,
  type ClientSession,
  ClientSubscription,
  constructEventFilter,
  type DataValue,
  NodeClass,
  type NodeId,
  ObjectIds,
  resolveNodeId,
  TimestampsToReturn,
  type Variant,
} from 'node-opcua';

async function children(session: ClientSession, nodeId: NodeId | string) {
  const r = await session.browse({
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: 'HierarchicalReferences',
    includeSubtypes: true,
    resultMask: 63,
  });
  return r.references ?? [];
}

/** NodeId of `Objects/<path>` by BrowseName names (any namespace), or null. */
export async function resolvePath(session: ClientSession, path: string): Promise<NodeId | null> {
  let node: NodeId = resolveNodeId(ObjectIds.ObjectsFolder);
  for (const seg of path.split('/')) {
    const next = (await children(session, node)).find((r) => r.browseName.name === seg);
    if (!next) return null;
    node = next.nodeId;
  }
  return node;
}

export async function mustResolve(session: ClientSession, path: string): Promise<NodeId> {
  const id = await resolvePath(session, path);
  if (!id) throw new Error(`no node at Objects/${path}`);
  return id;
}

export async function readValue(session: ClientSession, path: string): Promise<DataValue> {
  return session.read({ nodeId: await mustResolve(session, path), attributeId: AttributeIds.Value });
}

export interface BrowsedNode {
  readonly nodeId: NodeId;
  readonly nodeClass: NodeClass;
  readonly path: string;
}

/** Every node reachable from Root through hierarchical references, down to `maxDepth`. */
export async function browseAll(session: ClientSession, maxDepth = 10): Promise<BrowsedNode[]> {
  const seen = new Set<string>();
  const out: BrowsedNode[] = [];
  let level: BrowsedNode[] = [
    { nodeId: resolveNodeId(ObjectIds.RootFolder), nodeClass: NodeClass.Object, path: 'Root' },
  ];
  seen.add(level[0]!.nodeId.toString());
  for (let depth = 0; depth < maxDepth && level.length; depth++) {
    const next: BrowsedNode[] = [];
    for (let i = 0; i < level.length; i += 200) {
      const batch = level.slice(i, i + 200);
      const results = await session.browse(
        batch.map((n) => ({
          nodeId: n.nodeId,
          browseDirection: BrowseDirection.Forward,
          referenceTypeId: 'HierarchicalReferences',
          includeSubtypes: true,
          resultMask: 63,
        })),
      );
      results.forEach((r, k) => {
        for (const ref of r.references ?? []) {
          const key = ref.nodeId.toString();
          if (seen.has(key)) continue;
          seen.add(key);
          const n = {
            nodeId: ref.nodeId as unknown as NodeId,
            nodeClass: ref.nodeClass,
            path: `${batch[k]!.path}/${ref.browseName.toString()}`,
          };
          next.push(n);
          out.push(n);
        }
      });
    }
    level = next;
  }
  return out;
}

/** Read every attribute (1…27) of the nodes; returns the readable values as text. */
export async function readAllAttributes(
  session: ClientSession,
  nodes: readonly BrowsedNode[],
): Promise<string[]> {
  const texts: string[] = [];
  const reqs = nodes.flatMap((n) =>
    Array.from({ length: 27 }, (_, a) => ({ nodeId: n.nodeId, attributeId: a + 1 })),
  );
  for (let i = 0; i < reqs.length; i += 2000) {
    const dvs = await session.read(reqs.slice(i, i + 2000));
    for (const dv of dvs) {
      if (dv.statusCode.isGood() && dv.value) texts.push(variantText(dv.value));
    }
  }
  return texts;
}

function variantText(v: Variant): string {
  try {
    return JSON.stringify(v.value, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? '';
  } catch {
    return String(v.value);
  }
}

/** A subscription with one event monitored item on `notifier`, collecting the selected fields. */
export async function collectEvents(
  session: ClientSession,
  notifier: NodeId | string,
  fields: readonly string[][],
): Promise<{ events: Variant[][]; stop: () => Promise<void> }> {
  const sub = ClientSubscription.create(session, {
    requestedPublishingInterval: 100,
    requestedLifetimeCount: 600,
    requestedMaxKeepAliveCount: 20,
    maxNotificationsPerPublish: 1000,
    publishingEnabled: true,
  });
  await new Promise<void>((ok) => sub.once('started', () => ok()));
  const events: Variant[][] = [];
  const mi = await sub.monitor(
    { nodeId: notifier, attributeId: AttributeIds.EventNotifier },
    { samplingInterval: 0, queueSize: 100, filter: constructEventFilter(fields as string[][]) },
    TimestampsToReturn.Both,
  );
  mi.on('changed', (v: unknown) => events.push(v as Variant[]));
  return { events, stop: () => sub.terminate() };
}

export const until = async (cond: () => boolean, ms = 8000, step = 50): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, step));
  }
};
