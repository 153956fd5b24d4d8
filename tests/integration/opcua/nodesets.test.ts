/** OPC UA adapter with the official EUROMAP NodeSets (../shared/nodesets/euromap/, loaded by path). */
import { opcuaSuite } from '../../helpers/opcua-suite.ts';

opcuaSuite('nodesets');
