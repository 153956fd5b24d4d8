/** Live data for the HMI over socket.io (placeholder until the HMI lands). */
import type { AppContext } from '../app.ts';

export interface Realtime {
  stop(): Promise<void>;
  health(): Record<string, unknown>;
}

export function attachRealtime(_ctx: AppContext): Realtime {
  return { stop: async () => {}, health: () => ({}) };
}
