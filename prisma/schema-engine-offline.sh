#!/bin/sh
# Stand-in for Prisma's native schema-engine, which is downloaded from Prisma's servers (unreachable here).
# `prisma generate/validate/format` only need the file to exist; migrations run via src/db/migrate.ts.
if [ "$1" = "--version" ]; then echo "schema-engine-cli offline-stub"; exit 0; fi
echo "Prisma schema-engine is not installed (offline). Apply migrations with 'npm run db:migrate'; create them with 'npm run migrate:create -- <name>'." >&2
exit 1
