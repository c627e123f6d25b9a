/** Process entry of the households subgraph. */
import { runSubgraphMain } from '../../../common/subgraph-service';
import { householdsSubgraph } from './index';

runSubgraphMain(householdsSubgraph);
