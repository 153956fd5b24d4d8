/** The opcua adapter (placeholder until it lands). */
import type { Adapter } from '../adapter.ts';

export const opcuaAdapter: Adapter = {
  name: 'opcua',
  enabled: () => false,
  start: async () => ({ stop: async () => {} }),
};
