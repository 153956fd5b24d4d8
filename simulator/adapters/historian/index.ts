/** The historian adapter (placeholder until it lands). */
import type { Adapter } from '../adapter.ts';

export const historianAdapter: Adapter = {
  name: 'historian',
  enabled: () => false,
  start: async () => ({ stop: async () => {} }),
};
