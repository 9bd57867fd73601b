# syntax=docker/dockerfile:1.7
# sales-insight: the API, the report renderer and the CLI in one image.
#   docker build -t sales-insight .
#   docker run --rm sales-insight --help
# Deployment with PostgreSQL and the monthly scheduler: compose.yaml and docs/deploy.md.

# Any Debian-based Node 22 image (apt, /usr/local/bin/node and npm, as the official ones).
ARG BASE=node:22-bookworm-slim

# --- build: all dependencies, compile src/ to dist/ ---------------------------
FROM ${BASE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# A build machine behind a TLS-inspecting proxy passes its CA bundle as a build
# secret (--secret id=hostca,src=...): mounted for this step only, never in a layer.
# Scripts are skipped: `prepare` would compile before the sources are copied,
# and the packages used ship their native binaries prebuilt.
RUN --mount=type=secret,id=hostca,required=false \
    if [ -s /run/secrets/hostca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/hostca; fi; \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json \
 && find dist \( -name '*.map' -o -name '*.test.*' -o -name '.tsbuildinfo' \) -delete

# --- runtime: production dependencies, Chromium for the PDFs, no compiler -----
FROM ${BASE} AS runtime
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core fonts-liberation ca-certificates \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=hostca,required=false \
    if [ -s /run/secrets/hostca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/hostca; fi; \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY sql ./sql
COPY templates ./templates
COPY notebooks ./notebooks
COPY data/*.csv ./data/
COPY scripts/scheduler.sh /usr/local/bin/sales-insight-scheduler
# The app user owns only what the app writes: packs, models, the embedded warehouse,
# the API's keys and jobs (data/api; a volume in compose.yaml takes its owner from here).
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app \
 && mkdir -p reports models data/api \
 && chown app:app reports models data data/api \
 && chmod 0755 dist/cli/bin.js \
 && ln -s /app/dist/cli/bin.js /usr/local/bin/sales-insight
# MALLOC_MMAP_THRESHOLD_, MALLOC_ARENA_MAX: glibc hands the memory Node frees (the models' arrays) back to the
# system and keeps two arenas (src/cli/malloc.ts), in the long-running API too; DuckDB's own allocator hands its
# memory back from a background thread (src/db/duckdb.ts).
ENV NODE_ENV=production \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_ARENA_MAX=2 \
    CHROMIUM_PATH=/usr/bin/chromium \
    SALES_PROGRESS=1 \
    SALES_API_PORT=8080
USER app
EXPOSE 8080
# serve listens on SALES_API_PORT, which the HEALTHCHECK reads too: change the port with it, not with --port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.SALES_API_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["sales-insight"]
# The API (the serve command); `docker run IMAGE report --period 1997-01` runs any other command.
CMD ["serve", "--host", "0.0.0.0"]
