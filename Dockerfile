# syntax=docker/dockerfile:1
# The gateway image: dependencies installed, the Prisma client generated and src/ compiled to dist/ in a build
# stage, then pruned to production dependencies and run as the unprivileged `node` user under tini, as compiled
# JavaScript (no TypeScript loader in the process). Migrations are applied at start. The CLI: node dist/cli.js.
# .ci/run proves these steps without a Docker engine (scripts/image-smoke.sh).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# The root postinstall runs `prisma generate` (offline: prisma.config.ts points it at the engine stub).
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 METRICS_HOST=0.0.0.0 METRICS_PORT=9464
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
ARG GIT_COMMIT=unknown
ENV GIT_COMMIT=$GIT_COMMIT
EXPOSE 3000 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
# --max-semi-space-size=8: V8's young generation capped at 3 × 8 MB (default 16): peak RSS under load 301 → 220 MB in
# bench/RESULTS.md, for more frequent scavenges. The same command as `npm start` and the benchmark.
CMD ["node", "--max-semi-space-size=8", "--enable-source-maps", "dist/server.js"]
