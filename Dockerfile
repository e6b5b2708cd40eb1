# One image for the migrate job, the worker and the dashboard (docker-compose.yml picks the command).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Dev packages stay: tsx runs the TypeScript sources, and migrations need the WASM schema engine.
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/false npx prisma generate
# The dashboard's browser app (Vite): dashboard/web/dist, served by Express under /assets.
RUN npm run build:web
USER node
CMD ["node_modules/.bin/tsx", "dashboard/main.ts"]
