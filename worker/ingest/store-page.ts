import type { PrismaClient } from '../../core/db/client.ts';
import type { Prisma } from '../../core/db/generated/client.ts';
import type { Platform } from '../../core/db/generated/enums.ts';
import type { FetchResult, InboundItem } from '../connectors/types.ts';

/**
 * Stores one fetched page and advances the channel cursor in the same transaction, so a crash either
 * keeps both or neither. Duplicates (a page served twice, a retried job) hit the unique key and are skipped.
 * Returns the ids of messages that are new.
 */
export async function storePage(
  prisma: PrismaClient,
  channel: { id: string; platform: Platform },
  page: FetchResult,
): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const contactIds = await upsertContacts(tx, channel.platform, page.items);
    const inserted = await tx.message.createManyAndReturn({
      data: page.items.map((item) => ({
        channelId: channel.id,
        externalId: item.externalId,
        direction: 'INBOUND' as const,
        kind: item.kind,
        threadKey: item.threadKey,
        contactId: item.contact ? (contactIds.get(item.contact.externalId) ?? null) : null,
        text: item.text,
        raw: item.raw as Prisma.InputJsonValue,
        postedAt: item.postedAt,
      })),
      skipDuplicates: true,
      select: { id: true },
    });
    if (page.failures.length > 0) {
      await tx.processingFailure.createMany({
        data: page.failures.map((f) => ({ channelId: channel.id, ...f })),
        skipDuplicates: true,
      });
    }
    await tx.channel.update({
      where: { id: channel.id },
      data: { cursor: page.nextCursor, lastPolledAt: new Date() },
    });
    return inserted.map((m) => m.id);
  });
}

async function upsertContacts(
  tx: Prisma.TransactionClient,
  platform: Platform,
  items: InboundItem[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const item of items) {
    const contact = item.contact;
    if (!contact || ids.has(contact.externalId)) continue;
    const row = await tx.contact.upsert({
      where: { platform_externalId: { platform, externalId: contact.externalId } },
      create: { platform, ...contact },
      update: { displayName: contact.displayName ?? null, handle: contact.handle ?? null },
      select: { id: true },
    });
    ids.set(contact.externalId, row.id);
  }
  return ids;
}
