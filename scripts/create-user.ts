// Creates a staff account without the dashboard: the first admin of a fresh installation (demo users exist
// only in demo mode), or a break-glass account. The password is read from TANGGAP_NEW_PASSWORD, never from
// the command line (it would stay in the shell history and the process list).
//
//   TANGGAP_NEW_PASSWORD=… npm run --silent user:create -- --username admin.ppid --name "Admin PPID" \
//     --role ADMIN --agency diskominfo-ntb
import { parseArgs } from 'node:util';
import { hashPassword } from '../core/auth/passwords.ts';
import { ZNewUser } from '../core/auth/user-schema.ts';
import { createPrisma } from '../core/db/client.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tanggap';
const FIELDS: Record<string, string> = {
  username: '--username',
  displayName: '--name',
  role: '--role',
  agencyId: '--agency',
  password: 'TANGGAP_NEW_PASSWORD',
};

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    agency: { type: 'string' },
  },
});
const parsed = ZNewUser.safeParse({
  username: values.username,
  displayName: values.name,
  role: values.role,
  agencyId: values.agency,
  password: process.env.TANGGAP_NEW_PASSWORD,
});
if (!parsed.success) {
  const issue = parsed.error.issues[0]!;
  fail(`${FIELDS[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`);
}
const input = parsed.data;
const prisma = createPrisma(DATABASE_URL);
try {
  if (!(await prisma.agency.findUnique({ where: { id: input.agencyId }, select: { id: true } }))) {
    fail(
      `--agency: instansi "${input.agencyId}" tidak ada (jalankan worker atau db:seed dulu agar tanggap.yaml tersinkron)`,
    );
  }
  if (await prisma.user.findUnique({ where: { username: input.username }, select: { id: true } })) {
    fail(`--username: "${input.username}" sudah dipakai`);
  }
  const created = await prisma.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        agencyId: input.agencyId,
        passwordHash: await hashPassword(input.password),
      },
      select: { id: true, username: true, role: true, agencyId: true },
    });
    await tx.auditEvent.create({
      data: {
        agencyId: user.agencyId,
        action: 'admin.user_created',
        entityType: 'User',
        entityId: user.id,
        data: {
          before: null,
          after: { username: user.username, role: user.role },
          via: 'user:create script',
        },
      },
    });
    return user;
  });
  process.stdout.write(`${JSON.stringify(created)}\n`);
} finally {
  await prisma.$disconnect();
}
