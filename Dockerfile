# syntax=docker/dockerfile:1
# Attaché: Node 24 runs the TypeScript sources directly (type stripping), so there is no build stage,
# only a dependency stage that keeps dev tools out of the image.

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production \
    STORAGE_URL=sqlite:///data/attache.sqlite \
    PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY locales ./locales
COPY scenarios ./scenarios
RUN mkdir -p /data && chown node:node /data
# The official image's unprivileged user.
USER node
VOLUME ["/data"]
EXPOSE 8080
# /healthz answers 200 when the bot reaches the Bot API and its store (the demo answers it too).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# As `npm start`: a small young generation (V8 would size it from the host's memory) and the compile cache.
CMD ["node", "--max-semi-space-size=4", "--import", "./src/preload.ts", "src/main.ts"]
