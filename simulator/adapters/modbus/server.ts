/**
 * One Modbus TCP server per station, on our own MBAP framing over `node:net` (docs/modbus.md explains
 * why not modbus-serial's ServerTCP). Per connection: an allow-list and a connection limit checked at
 * accept time (MB-3, MB-4), requests handled in order (a read after a write sees the write), bounded
 * input (the socket is paused while requests wait) and bounded output (a client that does not read its
 * answers is disconnected), and an idle timeout. Nothing a client sends can throw out of this file.
 */
import { BlockList, createServer, isIPv4, isIPv6, type Server, type Socket } from 'node:net';
import { type Frame, MBAP_HEADER, MbapDecoder } from './frame.ts';
import type { ClientInfo, StationHandler } from './handler.ts';

/** Requests waiting on one connection before it stops reading (resumes once they are answered). */
const PAUSE_AT = 64;
/** Bytes of unread answers a client may leave behind before it is disconnected. */
const MAX_UNREAD = 1 << 20;

export interface ServerCounters {
  connections: number;
  connectionsTotal: number;
  refused: { allowList: number; limit: number };
  /** frames dropped with their connection: protocol id ≠ 0, MBAP length outside 2…254 */
  droppedFrames: { protocolId: number; length: number };
  closed: { idle: number; slowReader: number; allowList: number };
  socketErrors: number;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`. */
export const normaliseAddress = (a: string): string =>
  a.startsWith('::ffff:') && isIPv4(a.slice(7)) ? a.slice(7) : a;

/** An allow-list of addresses and CIDR subnets; `null` allows everyone. Throws on a malformed entry. */
export function compileAllowList(entries: readonly string[] | null): BlockList | null {
  if (!entries) return null;
  const bl = new BlockList();
  for (const raw of entries) {
    const [addr = '', prefix, extra] = raw.trim().split('/');
    const type = isIPv4(addr) ? 'ipv4' : isIPv6(addr) ? 'ipv6' : null;
    const bits = prefix === undefined ? null : Number(prefix);
    if (
      !type ||
      extra !== undefined ||
      (bits !== null && (!/^\d{1,3}$/.test(prefix!) || bits > (type === 'ipv4' ? 32 : 128)))
    ) {
      throw new Error(`modbus allow-list: "${raw.slice(0, 64)}" is not an IP address or a CIDR subnet`);
    }
    if (bits === null) bl.addAddress(addr, type);
    else bl.addSubnet(addr, bits, type);
  }
  return bl;
}

export const allowed = (list: BlockList | null, address: string): boolean =>
  !list || list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');

export interface StationServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxConnections: number;
  readonly idleTimeoutMs: number;
  readonly allowList: readonly string[] | null;
}

interface Conn {
  readonly sock: Socket;
  readonly client: ClientInfo;
  readonly decoder: MbapDecoder;
  readonly queue: Frame[];
  busy: boolean;
  /** no more input will be read (bad framing or end of stream): close once the queue is answered */
  closing: boolean;
  paused: boolean;
  ended: boolean;
}

export class StationServer {
  readonly handler: StationHandler;
  readonly counters: ServerCounters = {
    connections: 0,
    connectionsTotal: 0,
    refused: { allowList: 0, limit: 0 },
    droppedFrames: { protocolId: 0, length: 0 },
    closed: { idle: 0, slowReader: 0, allowList: 0 },
    socketErrors: 0,
  };
  private readonly opts: StationServerOptions;
  private readonly server: Server;
  private readonly conns = new Set<Conn>();
  private allowEntries: readonly string[] | null;
  private allow: BlockList | null;
  private boundPort = 0;

  constructor(handler: StationHandler, opts: StationServerOptions) {
    this.handler = handler;
    this.opts = opts;
    this.allowEntries = opts.allowList;
    this.allow = compileAllowList(opts.allowList);
    this.server = createServer({ allowHalfOpen: true, noDelay: true }, (sock) => this.accept(sock));
    this.server.on('error', () => {
      // listen errors are reported by listen(); later server errors must not crash the lab
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get allowList(): readonly string[] | null {
    return this.allowEntries;
  }

  /** Replace the allow-list; connections from addresses it no longer allows are closed at once. */
  setAllowList(entries: readonly string[] | null): void {
    const compiled = compileAllowList(entries);
    this.allowEntries = entries ? [...entries] : null;
    this.allow = compiled;
    for (const c of this.conns) {
      if (!allowed(compiled, c.client.address)) {
        this.counters.closed.allowList++;
        c.sock.destroy();
      }
    }
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.once('error', onError);
      this.server.listen({ host: this.opts.host, port: this.opts.port }, () => {
        this.server.off('error', onError);
        const a = this.server.address();
        this.boundPort = typeof a === 'object' && a ? a.port : this.opts.port;
        resolve(this.boundPort);
      });
    });
  }

  close(): Promise<void> {
    for (const c of this.conns) c.sock.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(sock: Socket): void {
    sock.on('error', () => {
      this.counters.socketErrors++;
    });
    if (!sock.remoteAddress) {
      // already gone before it could be accepted
      sock.destroy();
      return;
    }
    const address = normaliseAddress(sock.remoteAddress);
    if (!allowed(this.allow, address)) {
      this.counters.refused.allowList++;
      sock.destroy();
      return;
    }
    if (this.conns.size >= this.opts.maxConnections) {
      this.counters.refused.limit++;
      sock.destroy();
      return;
    }
    const c: Conn = {
      sock,
      client: { address, port: sock.remotePort ?? 0 },
      decoder: new MbapDecoder(),
      queue: [],
      busy: false,
      closing: false,
      paused: false,
      ended: false,
    };
    this.conns.add(c);
    this.counters.connections++;
    this.counters.connectionsTotal++;
    if (this.opts.idleTimeoutMs > 0) {
      sock.setTimeout(this.opts.idleTimeoutMs, () => {
        this.counters.closed.idle++;
        sock.destroy();
      });
    }
    sock.on('close', () => {
      if (this.conns.delete(c)) this.counters.connections--;
      c.queue.length = 0;
    });
    sock.on('data', (chunk: Buffer) => {
      if (c.closing) return;
      const { frames, error } = c.decoder.push(chunk);
      for (const f of frames) c.queue.push(f);
      if (error) {
        // not Modbus TCP, or framing lost: answer what came before, then close (MB-2)
        if (error === 'protocol_id') this.counters.droppedFrames.protocolId++;
        else this.counters.droppedFrames.length++;
        c.closing = true;
      }
      this.drain(c);
    });
    sock.on('end', () => {
      c.closing = true;
      this.drain(c);
    });
  }

  private send(c: Conn, tid: number, unit: number, pdu: Buffer): void {
    const s = c.sock;
    if (s.destroyed || !s.writable) return;
    const out = Buffer.allocUnsafe(MBAP_HEADER + pdu.length);
    out.writeUInt16BE(tid, 0);
    out.writeUInt16BE(0, 2);
    out.writeUInt16BE(pdu.length + 1, 4);
    out[6] = unit;
    pdu.copy(out, MBAP_HEADER);
    s.write(out);
    if (s.writableLength > MAX_UNREAD) {
      this.counters.closed.slowReader++;
      s.destroy();
    }
  }

  /** Answer the queued requests in order; a write holds the queue until its command is settled. */
  private drain(c: Conn): void {
    const s = c.sock;
    if (c.busy || s.destroyed) return;
    s.cork();
    try {
      while (c.queue.length > 0 && !s.destroyed) {
        const f = c.queue.shift()!;
        const r = this.handler.handle(f.unit, f.pdu, c.client);
        if (Buffer.isBuffer(r)) {
          this.send(c, f.tid, f.unit, r);
          continue;
        }
        c.busy = true;
        r.then(
          (pdu) => {
            c.busy = false;
            this.send(c, f.tid, f.unit, pdu);
            this.drain(c);
          },
          () => {
            // the handler never rejects; if it ever did, the connection is dropped rather than hung
            c.busy = false;
            s.destroy();
          },
        );
        break;
      }
    } finally {
      if (!s.destroyed) s.uncork();
    }
    if (s.destroyed) return;
    if (c.queue.length >= PAUSE_AT && !c.paused && !c.closing) {
      c.paused = true;
      s.pause();
    } else if (c.paused && ((c.queue.length === 0 && !c.busy) || c.closing)) {
      // resumed when drained; when closing, too, so that ignored input never sits unread in the kernel
      c.paused = false;
      s.resume();
    }
    if (c.closing && c.queue.length === 0 && !c.busy && !c.ended) {
      c.ended = true;
      s.end(() => s.destroy());
    }
  }
}
