/** The modbus adapter (placeholder until it lands). */
import type { Adapter } from '../adapter.ts';

export const modbusAdapter: Adapter = {
  name: 'modbus',
  enabled: () => false,
  start: async () => ({ stop: async () => {} }),
};
