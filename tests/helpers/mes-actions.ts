/** Running MES actions on a bare station in unit tests: submit, step to the boundary, return the record. */
import type { Actor, CommandRecord } from '../../simulator/kernel/command-types.ts';
import type { Station } from '../../simulator/kernel/station.ts';

export async function act(
  st: Station,
  actor: Actor,
  action: string,
  args: unknown = {},
): Promise<CommandRecord> {
  const p = st.submit({ station: st.id, actor, input: { kind: 'action', action, args } });
  st.step();
  return p;
}

/** Like `act`, but throws with the reason when refused. */
export async function ok(st: Station, actor: Actor, action: string, args: unknown = {}): Promise<any> {
  const r = await act(st, actor, action, args);
  if (r.status !== 'accepted') throw new Error(`${action}: ${r.rejection?.message}`);
  return r.result;
}

export const jury: Actor = { user: 'jury', roles: ['observer'], channel: 'rest' };
export const mesClient = (station = 'st1'): Actor => ({
  user: `candidate-${station}`,
  roles: ['operator', 'technician'],
  channel: 'opcua',
  station,
  client: 'mes-client',
});
