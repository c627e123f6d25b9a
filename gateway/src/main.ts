/** Process entry of the gateway: serve the committed supergraph. */
import 'reflect-metadata';
import { config } from '../../common/config';
import { createLogger } from '../../common/logger';
import { runUntilSignalled } from '../../common/process-lifecycle';
import { startGateway } from './gateway';
import { readCommittedSupergraph } from './supergraph-file';

const settings = config();
const logger = createLogger({ service: 'gateway' }, settings.logLevel);
runUntilSignalled(logger, async () => {
  const gateway = await startGateway(settings, logger, readCommittedSupergraph());
  logger.info('listening', { url: gateway.url });
  return gateway;
});
