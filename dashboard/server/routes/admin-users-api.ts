import { z } from 'zod';
import { hashPassword } from '../../../core/auth/passwords.ts';
import { ZDisplayName, ZNewUser, ZPassword, ZRole } from '../../../core/auth/user-schema.ts';
import { canSeeAgency, visibleAgencies } from '../../../core/cases/access.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { Prisma } from '../../../core/db/generated/client.ts';
import { ApiError, defineRoute } from '../api/api-route.ts';
import type { TSessionUser } from '../auth/sessions.ts';

const ZId = z.object({ id: z.string().min(1).max(40) });
const ZCreate = ZNewUser;
const ZUpdate = z
  .object({
    displayName: ZDisplayName.optional(),
    role: ZRole.optional(),
    active: z.boolean().optional(),
    password: ZPassword.optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Tidak ada perubahan' });

/** Never the password hash. */
const PUBLIC_USER = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  agencyId: true,
  active: true,
  createdAt: true,
} as const;

const auditable = (u: { displayName: string; role: string; active: boolean; agencyId: string }) => ({
  displayName: u.displayName,
  role: u.role,
  active: u.active,
  agencyId: u.agencyId,
});

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

const usernameTaken = () => new ApiError(409, 'username_taken', 'Nama pengguna sudah dipakai.', 'username');

export function adminUserApiRoutes(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  const loadVisibleUser = async (actor: TSessionUser, userId: string) => {
    const found = await prisma.user.findUnique({ where: { id: userId }, select: PUBLIC_USER });
    if (!found || !(await canSeeAgency(prisma, actor, found.agencyId))) {
      throw new ApiError(404, 'not_found', 'Pengguna tidak ditemukan.');
    }
    return found;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/users',
      summary: 'Users of the agencies the admin oversees',
      roles: ['ADMIN'],
      handler: async ({ user }) => {
        const agencies = await visibleAgencies(prisma, user);
        const users = await prisma.user.findMany({
          where: { agencyId: { in: agencies } },
          orderBy: [{ agencyId: 'asc' }, { username: 'asc' }],
          select: PUBLIC_USER,
        });
        return { users };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/users',
      summary: 'Create a user in an agency the admin oversees',
      roles: ['ADMIN'],
      body: ZCreate,
      status: 201,
      handler: async ({ user, body }) => {
        if (!(await canSeeAgency(prisma, user, body.agencyId))) {
          throw new ApiError(
            403,
            'forbidden_agency',
            'Anda tidak berwenang menambah pengguna di instansi ini.',
            'agencyId',
          );
        }
        if (await prisma.user.findUnique({ where: { username: body.username }, select: { id: true } })) {
          throw usernameTaken();
        }
        const passwordHash = await hashPassword(body.password);
        return prisma
          .$transaction(async (tx) => {
            const created = await tx.user.create({
              data: {
                username: body.username,
                displayName: body.displayName,
                role: body.role,
                agencyId: body.agencyId,
                passwordHash,
              },
              select: PUBLIC_USER,
            });
            await tx.auditEvent.create({
              data: {
                agencyId: created.agencyId,
                actorId: user.id,
                action: 'admin.user_created',
                entityType: 'User',
                entityId: created.id,
                data: { before: null, after: { username: created.username, ...auditable(created) } },
              },
            });
            return created;
          })
          .catch((error: unknown) => {
            if (isUniqueViolation(error)) throw usernameTaken();
            throw error;
          });
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/users/:id',
      summary: 'Change a user’s name, role, active flag or password',
      roles: ['ADMIN'],
      params: ZId,
      // Scope before body validation: a user of another agency is a 404 whatever the body says.
      authorize: async ({ user, params }) => {
        await loadVisibleUser(user, params.id);
      },
      body: ZUpdate,
      handler: async ({ user, params, body }) => {
        const before = await loadVisibleUser(user, params.id);
        // An admin cannot lock themselves out; another admin has to do it.
        if (before.id === user.id && body.active === false) {
          throw new ApiError(409, 'self_lockout', 'Anda tidak dapat menonaktifkan akun sendiri.', 'active');
        }
        if (before.id === user.id && body.role !== undefined && body.role !== 'ADMIN') {
          throw new ApiError(409, 'self_lockout', 'Anda tidak dapat mengubah peran akun sendiri.', 'role');
        }
        const passwordHash = body.password ? await hashPassword(body.password) : undefined;
        return prisma.$transaction(async (tx) => {
          const after = await tx.user.update({
            where: { id: before.id },
            data: {
              ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
              ...(body.role !== undefined ? { role: body.role } : {}),
              ...(body.active !== undefined ? { active: body.active } : {}),
              ...(passwordHash ? { passwordHash } : {}),
            },
            select: PUBLIC_USER,
          });
          await tx.auditEvent.create({
            data: {
              agencyId: after.agencyId,
              actorId: user.id,
              action: 'admin.user_updated',
              entityType: 'User',
              entityId: after.id,
              data: {
                username: after.username,
                before: auditable(before),
                after: auditable(after),
                passwordChanged: passwordHash !== undefined,
              },
            },
          });
          return after;
        });
      },
    }),
  ];
}
