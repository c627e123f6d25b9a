# One image for every hub service; docker-compose.yml picks the command.
# TypeScript runs through @swc-node/register (it emits the decorator metadata TypeGraphQL and TypeORM need).
FROM node:20-bookworm-slim
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
USER node
CMD ["node", "-r", "@swc-node/register", "gateway/src/main.ts"]
