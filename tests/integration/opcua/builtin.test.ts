/** OPC UA adapter with the built-in model (no official NodeSets configured). */
import { opcuaSuite } from '../../helpers/opcua-suite.ts';

opcuaSuite('builtin');
