/** Process entry of the funds subgraph. */
import { runSubgraphMain } from '../../../common/subgraph-service';
import { fundsSubgraph } from './index';

runSubgraphMain(fundsSubgraph);
