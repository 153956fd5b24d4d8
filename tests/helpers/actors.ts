import type { Actor } from '../../simulator/kernel/command-types.ts';

export const candidate = (station = 'st1'): Actor => ({
  user: `candidate-${station}`,
  roles: ['operator', 'technician'],
  channel: 'hmi',
  station,
});
export const operatorOnly = (station = 'st1'): Actor => ({
  user: 'op',
  roles: ['operator'],
  channel: 'hmi',
  station,
});
export const trainer: Actor = { user: 'trainer', roles: ['trainer'], channel: 'trainer' };
