/**
 * Containment of the known malformed-frame crash class of node-opcua (reliability-security §2.1, T10):
 * a frame whose chunk size exceeds the negotiated buffer makes the packet assembler emit "error" a
 * second time, after the transport already dropped its listeners, and that throws out of the socket's
 * data handler. Such an exception concerns one connection only, which is already being terminated, so it
 * is contained here: that socket is destroyed and the process keeps serving every other session. Any
 * other uncaught exception still ends the worker and the supervisor restarts it (worker.ts).
 */
import type { Socket } from 'node:net';
import { ServerTCP_transport } from 'node-opcua';

let contained = 0;
let installed = false;

/** Number of malformed frames contained since the worker started. */
export const containedFrames = (): number => contained;

export function installFrameGuard(): void {
  if (installed) return;
  installed = true;
  type Transport = { _on_socket_data(d: Buffer): void; _socket?: Socket | null };
  const proto = ServerTCP_transport.prototype as unknown as Transport;
  const original = proto._on_socket_data;
  proto._on_socket_data = function (this: Transport, data: Buffer) {
    try {
      original.call(this, data);
    } catch {
      contained++;
      this._socket?.destroy();
    }
  };
}
