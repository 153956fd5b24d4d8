/**
 * Roles and permissions (reliability-security OPC-2, OPC-5, OPC-6; OPC UA Part 3 §4.9, Part 18).
 * `unresolvedPermissionPolicy: "deny"` makes every namespace need DefaultRolePermissions; a node that
 * may be written gets its own RolePermissions granting Write to the roles of the signal model.
 */
import { PermissionType, type RolePermissionTypeOptions, WellKnownRoles } from 'node-opcua';
import type { Role } from '../../kernel/signal-schema.ts';

/** plastlab role → OPC UA well-known role (credentials.ts: candidates are operator+technician). */
const ROLE_MAP: Partial<Record<Role, WellKnownRoles>> = {
  operator: WellKnownRoles.Operator,
  technician: WellKnownRoles.Engineer,
  trainer: WellKnownRoles.Supervisor,
  observer: WellKnownRoles.Observer,
};

/** The OPC UA roles of an identity (always AuthenticatedUser). */
export function opcuaRoles(roles: readonly Role[]): WellKnownRoles[] {
  const out = new Set<WellKnownRoles>([WellKnownRoles.AuthenticatedUser]);
  for (const r of roles) {
    const m = ROLE_MAP[r];
    if (m !== undefined) out.add(m);
  }
  return [...out];
}

const READ = PermissionType.Browse | PermissionType.Read | PermissionType.ReadRolePermissions;
const EVENTS = PermissionType.ReceiveEvents;
/** roles that may call methods at all (the command API then decides per action); the jury may not */
const CALLERS = [WellKnownRoles.Operator, WellKnownRoles.Engineer, WellKnownRoles.Supervisor];

/** DefaultRolePermissions of every namespace: authenticated users browse, read and receive events. */
export function defaultRolePermissions(allowAnonymous: boolean): RolePermissionTypeOptions[] {
  const list: RolePermissionTypeOptions[] = [
    { roleId: WellKnownRoles.AuthenticatedUser, permissions: READ | EVENTS },
    ...CALLERS.map((r) => ({ roleId: r, permissions: READ | EVENTS | PermissionType.Call })),
  ];
  if (allowAnonymous) {
    list.push({ roleId: WellKnownRoles.Anonymous, permissions: READ | EVENTS });
  }
  return list;
}

/** RolePermissions of a writable variable: the defaults plus Write for the signal's writing roles. */
export function writableRolePermissions(
  writeRoles: readonly Role[],
  allowAnonymous: boolean,
): RolePermissionTypeOptions[] {
  const writers = new Set(writeRoles.map((r) => ROLE_MAP[r]).filter((r) => r !== undefined));
  const base = defaultRolePermissions(allowAnonymous);
  const seen = new Set<number>();
  const out = base.map((p) => {
    const id = Number(p.roleId);
    seen.add(id);
    return writers.has(id) ? { ...p, permissions: (p.permissions as number) | PermissionType.Write } : p;
  });
  for (const w of writers) {
    if (!seen.has(w)) out.push({ roleId: w, permissions: READ | EVENTS | PermissionType.Write });
  }
  return out;
}
