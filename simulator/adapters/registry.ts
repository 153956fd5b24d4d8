/** The adapters `plastlab start` runs, in start order (stopped in reverse). */
import type { Adapter } from './adapter.ts';
import { historianAdapter } from './historian/index.ts';
import { modbusAdapter } from './modbus/index.ts';
import { mqttAdapter } from './mqtt/index.ts';
import { opcuaAdapter } from './opcua/index.ts';

export const adapters: readonly Adapter[] = [historianAdapter, mqttAdapter, opcuaAdapter, modbusAdapter];
