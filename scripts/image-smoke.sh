#!/usr/bin/env bash
# Proves the Dockerfile's steps without a Docker engine: the same files into a clean directory, the same
# install, generate and prune commands, then the same start command as the unprivileged user would run it,
# until /ready answers 200. Uses the embedded database and the built-in sandbox, like a first `docker run`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
port=${SMOKE_PORT:-3499}
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

cd "$work"
# COPY package.json package-lock.json prisma.config.ts ./ ; COPY prisma ./prisma
cp "$repo/package.json" "$repo/package-lock.json" "$repo/prisma.config.ts" .
cp -r "$repo/prisma" ./prisma
npm ci --no-audit --no-fund >/dev/null
cp "$repo/tsconfig.json" "$repo/tsconfig.build.json" .                # COPY tsconfig.json tsconfig.build.json ./
tar -C "$repo" --exclude=src/generated -cf - src | tar -xf -   # COPY src ./src (.dockerignore drops src/generated)
npm run build >/dev/null                                        # RUN npm run build
npm prune --omit=dev --no-audit --no-fund >/dev/null
[ -d node_modules/vitest ] && { echo "image-smoke: dev dependencies survived the prune" >&2; exit 1; }
[ -d node_modules/tsx ] && { echo "image-smoke: the TypeScript loader survived the prune" >&2; exit 1; }

NODE_ENV=production HOST=127.0.0.1 PORT=$port METRICS_PORT=0 GIT_COMMIT=smoke node --max-semi-space-size=8 --enable-source-maps dist/server.js >server.log 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if body=$(curl -fsS "http://127.0.0.1:$port/ready" 2>/dev/null); then
    echo "image-smoke: /ready answered: $body"
    kill -TERM "$pid"
    wait "$pid" && echo "image-smoke: stopped cleanly on SIGTERM" && exit 0
    echo "image-smoke: exit code $? after SIGTERM" >&2; cat server.log >&2; exit 1
  fi
  kill -0 "$pid" 2>/dev/null || { echo "image-smoke: server exited" >&2; cat server.log >&2; exit 1; }
  sleep 0.5
done
echo "image-smoke: /ready did not answer in 60 s" >&2
cat server.log >&2
exit 1
