/**
 * Identities under which event-like fault effects reach the command API. Writes go through `submit` like
 * any other (validated, journaled, applied at the boundary): the scenario's own set-up writes are
 * privileged (a candidate's logbook shows them as `system`), a shift colleague's or an intruder's are not,
 * so the candidate can find who changed what (F21 b, F23).
 */
import type { Actor } from '../kernel/command-types.ts';

/** the exercise scenario itself (a cold-mould set-up, restoring after a trainer's clear…) */
export const SCENARIO_ACTOR: Actor = { user: 'scenario', roles: ['trainer'], channel: 'scenario' };

/** a colleague of the previous shift on the HMI (F21 b set points raised without need, F08 set point) */
export const SHIFT_ACTOR: Actor = {
  user: 'shift2',
  roles: ['technician'],
  channel: 'hmi',
  client: 'HMI-PANEL-1',
};

/** stores / MES lot change (F07) */
export const STORES_ACTOR: Actor = { user: 'stores', roles: ['mes'], channel: 'scenario', client: 'MES' };

/** the F23 intruder (domain-model §4 F23): an engineering PC with the maintenance account */
export const intruder = (user: string, client: string): Actor => ({
  user,
  roles: ['technician'],
  channel: 'opcua',
  client,
});
