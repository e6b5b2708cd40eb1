import { parseEnv } from '../config/env.ts';
import { loadTanggapConfig } from '../config/load-tanggap.ts';
import { runMain } from '../core/boot/run-main.ts';
import { syncConfig } from '../core/config-sync.ts';
import { createPrisma } from '../core/db/client.ts';
import { DEMO_USERS, seedDemoUsers } from '../core/demo-users.ts';
import { seedDefaultTemplates } from '../core/replies/default-templates.ts';

// Agencies and channels come from tanggap.yaml; demo users only when TANGGAP_DEMO=1.
runMain('seed', async () => {
  const env = parseEnv();
  const config = loadTanggapConfig(env.TANGGAP_CONFIG);
  const prisma = createPrisma(env.DATABASE_URL);
  await syncConfig(prisma, config);
  const root = config.agencies.find((a) => !a.parent) ?? config.agencies[0]!;
  await seedDefaultTemplates(prisma);
  if (env.TANGGAP_DEMO) await seedDemoUsers(prisma, root.id);
  process.stdout.write(
    `seed: ${config.agencies.length} instansi, ${config.channels.length} kanal` +
      (env.TANGGAP_DEMO ? `, ${DEMO_USERS.length} pengguna demo` : '') +
      '\n',
  );
  await prisma.$disconnect();
  process.exit(0);
});
