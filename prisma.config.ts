import { defineConfig } from 'prisma/config';

// A plain read (not env()) so `prisma generate` works without a database URL.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
