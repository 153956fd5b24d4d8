/**
 * Live: the scene follows the station's socket.io stream (hmi/src/live.ts: a snapshot, then one delta
 * per tick). Each delta advances the parts flow and updates the engine once; nothing polls.
 */
import { effect } from '@preact/signals';
import { alarms, liveValue, simT } from '../src/live.ts';
import { type Bindings, read } from './bindings.ts';
import type { TwinEngine } from './engine.ts';
import { BELT, DIVERT_S } from './layout.ts';
import { PartsFlow } from './parts-flow.ts';

export const newFlow = (): PartsFlow => new PartsFlow({ length: BELT.length, divertAt: DIVERT_S });

export function driveLive(engine: TwinEngine, b: Bindings): () => void {
  const flow = newFlow();
  let first = true;
  return effect(() => {
    const t = simT.value;
    const al = alarms.value;
    const r = read(
      b,
      (k) => liveValue(k).peek().v,
      (k) => liveValue(k).peek().q,
    );
    flow.step(t, r);
    engine.update({ r, t, alarms: al, flow, snap: first });
    first = false;
  });
}
