# One image for every hub service; docker-compose.yml picks the command.
# TypeScript runs through @swc-node/register (it emits the decorator metadata TypeGraphQL and TypeORM need).
# Node 22 LTS (Node 20 reached its end of life in April 2026); npm start still runs on 20.19+ (package.json engines).
# The console (React + antd, console/) is built in a stage of its own: its tools are devDependencies.
FROM node:22-bookworm-slim AS console
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json .swcrc ./
COPY console ./console
COPY scripts/console-build.ts ./scripts/console-build.ts
RUN npm run console:build

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The hub listens on 127.0.0.1 by default; inside a container it must listen on every interface.
ENV BIND_HOST=0.0.0.0
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY tsconfig.json .swcrc ./
COPY common ./common
COPY contracts ./contracts
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY queues ./queues
COPY schema ./schema
# The operators' command-line tools (npm run roster / banks / subsidy / accounts / token), e.g.
# `docker compose run --rm worker npm run roster -- regions` to load the region directory; and the sample files.
COPY scripts ./scripts
COPY samples ./samples
# The gateway serves it at /console.
COPY --from=console /build/console/dist ./console/dist
USER node
CMD ["node", "-r", "@swc-node/register", "gateway/src/main.ts"]
