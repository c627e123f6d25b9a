/** Process entry of the gateway: serve the committed supergraph. */
import 'reflect-metadata';
import { config } from '../../common/config';
import { createLogger } from '../../common/logger';
import { runUntilSignalled } from '../../common/process-lifecycle';
import { startTracing } from '../../common/tracing';
import { startGateway } from './gateway';
import { readCommittedSupergraph } from './supergraph-file';

const settings = config();
const logger = createLogger({ service: 'gateway' }, settings.logLevel);
const tracing = startTracing('gateway', settings.tracing);
runUntilSignalled(logger, async () => {
  const gateway = await startGateway(settings, logger, readCommittedSupergraph());
  logger.info('listening', { url: gateway.url });
  return {
    async close() {
      await gateway.close();
      await tracing?.shutdown();
    },
  };
});
