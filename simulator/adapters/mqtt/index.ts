/** The mqtt adapter (placeholder until it lands). */
import type { Adapter } from '../adapter.ts';

export const mqttAdapter: Adapter = {
  name: 'mqtt',
  enabled: () => false,
  start: async () => ({ stop: async () => {} }),
};
