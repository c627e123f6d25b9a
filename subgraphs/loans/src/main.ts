/** Process entry of the loans subgraph. */
import { runSubgraphMain } from '../../../common/subgraph-service';
import { loansSubgraph } from './index';

runSubgraphMain(loansSubgraph);
