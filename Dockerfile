# One image for every service of Chapters; the command chooses which (compose.yaml, docs/deploy.md):
#   node gateway/src/main.js           the gateway (SUBGRAPHS=name=url,… or SUPERGRAPH_PATH=schema/supergraph.graphql)
#   node stack/src/subgraph-main.js  one subgraph (SUBGRAPH=organization|blood|humanitarian|emulation)
#   node stack/src/migrate-main.js   the migrations, as a one-shot job before the subgraphs start
# CI runs the same build and production start without a container runtime (npm run build:verify).

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
# the Prisma clients are generated offline; the build compiles every workspace to dist/
RUN npm ci --no-audit --no-fund && npm run generate && npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /src/dist ./
# production dependencies only; nothing here compiles TypeScript
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
USER node
EXPOSE 4000
CMD ["node", "gateway/src/main.js"]
