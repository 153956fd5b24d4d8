/** What the address-space builders share: the address space, the station's namespace and the mode. */
import type { AddressSpace, Namespace, UADataType } from 'node-opcua';

export interface BuildContext {
  readonly addressSpace: AddressSpace;
  /** the station's own namespace: instances, derived types and everything the companion types lack */
  readonly namespace: Namespace;
  /** `nodesets`: official EUROMAP types instantiated; `builtin`: same BrowseNames, own namespace */
  readonly mode: 'nodesets' | 'builtin';
  readonly station: string;
  readonly lab: string;
  readonly allowAnonymous: boolean;
  /** an enumeration DataType by EUROMAP name (official or built-in copy) */
  enumType(name: string): UADataType | null;
}
