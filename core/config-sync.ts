import type { TTanggapConfig } from '../config/tanggap-schema.ts';
import type { PrismaClient } from './db/client.ts';
import { Prisma } from './db/generated/client.ts';
import type { Platform } from './db/generated/enums.ts';

/**
 * Makes the database agree with tanggap.yaml: agencies and channels are upserted (parents first);
 * a channel removed from the file or disabled is paused, never deleted, so its history stays.
 * A channel's status (e.g. AUTH_FAILED) and cursor survive a restart.
 */
export async function syncConfig(prisma: PrismaClient, config: TTanggapConfig): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const agency of orderParentsFirst(config.agencies)) {
      const data = {
        name: agency.name,
        kind: agency.kind,
        parentId: agency.parent ?? null,
        timeZone: agency.timeZone,
        slaPolicy: agency.slaPolicy,
        calendar: agency.calendar
          ? (config.calendars[agency.calendar] as unknown as Prisma.InputJsonValue)
          : Prisma.DbNull,
      };
      await tx.agency.upsert({ where: { id: agency.id }, create: { id: agency.id, ...data }, update: data });
    }
    for (const channel of config.channels) {
      const data = {
        agencyId: channel.agency,
        platform: channel.platform.toUpperCase() as Platform,
        account: channel.account,
        pollIntervalSeconds: channel.pollIntervalSeconds,
      };
      await tx.channel.upsert({
        where: { id: channel.id },
        create: { id: channel.id, ...data, status: channel.enabled ? 'ACTIVE' : 'PAUSED' },
        update: data,
      });
    }
    const enabled = config.channels.filter((c) => c.enabled).map((c) => c.id);
    await tx.channel.updateMany({ where: { id: { notIn: enabled } }, data: { status: 'PAUSED' } });
    // Re-enabled channels resume; AUTH_FAILED stays until an admin fixes the credential.
    await tx.channel.updateMany({
      where: { id: { in: enabled }, status: 'PAUSED' },
      data: { status: 'ACTIVE' },
    });
  });
}

function orderParentsFirst<T extends { id: string; parent?: string | undefined }>(agencies: T[]): T[] {
  const placed = new Set<string>();
  const out: T[] = [];
  while (out.length < agencies.length) {
    const before = out.length;
    for (const a of agencies) {
      if (!placed.has(a.id) && (!a.parent || placed.has(a.parent))) {
        out.push(a);
        placed.add(a.id);
      }
    }
    if (out.length === before) throw new Error('agency parents form a cycle');
  }
  return out;
}
