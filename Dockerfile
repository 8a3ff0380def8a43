# syntax=docker/dockerfile:1
#
# Checkin runs its TypeScript sources directly through tsx (a production dependency): there is no
# compile step, so the image holds the sources and the production node_modules, nothing else.
#
#   docker build -t checkin .
#   docker run --rm -p 127.0.0.1:3978:3978 checkin          # web chat, in-memory state
#   docker compose up                                       # with Redis (see docker-compose.yml)

ARG NODE_IMAGE=node:20-slim

# ---- build: install everything, type-check, then drop the dev dependencies ----------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# .npmrc disables install scripts: nothing downloads binaries at install time.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY dialogs ./dialogs
# Refuse to build an image from sources that do not type-check.
RUN npx tsc --noEmit -p tsconfig.json
# tsx stays: it is a production dependency, the runtime that loads the .ts sources.
RUN npm prune --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime: slim, non-root, only what runs ----------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# Mood charts are drawn server-side (@napi-rs/canvas) in DejaVu Sans; slim images ship no fonts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978
WORKDIR /app
# Files stay owned by root and read-only to the app user; tsx writes its cache under /tmp.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/src ./src
COPY --from=build /app/adapters ./adapters
COPY --from=build /app/dialogs ./dialogs
USER node
EXPOSE 3978
# Slim images have no curl: ask Node itself. /healthz answers 200 while the process is alive.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM starts a graceful shutdown (CHECKIN_SHUTDOWN_TIMEOUT_MS); node runs directly, not via npm,
# so the signal reaches it.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
