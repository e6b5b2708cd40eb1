import type { PrismaClient } from '../../core/db/client.ts';
import { Prisma } from '../../core/db/generated/client.ts';
import type { Platform } from '../../core/db/generated/enums.ts';
import type { FetchResult, InboundItem, ItemFailure, RateLimitState } from '../connectors/types.ts';

/**
 * Stores one fetched page and advances the channel cursor in the same transaction, so a crash either
 * keeps both or neither. Duplicates (a page served twice, a retried job, a webhook retry) hit the unique key
 * and are skipped; an item the platform reports as edited updates the stored text and keeps the earlier
 * one as a revision. Returns the ids of messages that are new.
 */
export async function storePage(
  prisma: PrismaClient,
  channel: { id: string; platform: Platform },
  page: FetchResult,
): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const newIds = await storeItems(tx, channel, page.items, page.failures);
    const now = new Date();
    const slowDownMs = page.rateLimit?.slowDownMs ?? 0;
    await tx.channel.update({
      where: { id: channel.id },
      data: {
        cursor: page.nextCursor,
        lastPolledAt: now,
        lastSuccessAt: now,
        // The platform's last rate-limit signals, for the health view.
        rateLimit: page.rateLimit ? rateLimitJson(page.rateLimit) : Prisma.DbNull,
        rateLimitedUntil: slowDownMs > 0 ? new Date(now.getTime() + slowDownMs) : null,
      },
    });
    return newIds;
  });
}

function rateLimitJson(state: RateLimitState): Prisma.InputJsonObject {
  return {
    ...(state.remaining !== undefined ? { remaining: state.remaining } : {}),
    ...(state.limit !== undefined ? { limit: state.limit } : {}),
    ...(state.resetAt ? { resetAt: state.resetAt.toISOString() } : {}),
  };
}

/** The item part of storePage, shared with webhook deliveries (which carry no cursor). */
export async function storeItems(
  tx: Prisma.TransactionClient,
  channel: { id: string; platform: Platform },
  items: InboundItem[],
  failures: ItemFailure[],
): Promise<string[]> {
  const contactIds = await upsertContacts(tx, channel.platform, items);
  const inserted = await tx.message.createManyAndReturn({
    data: items.map((item) => ({
      channelId: channel.id,
      externalId: item.externalId,
      direction: 'INBOUND' as const,
      kind: item.kind,
      threadKey: item.threadKey,
      contactId: item.contact ? (contactIds.get(item.contact.externalId) ?? null) : null,
      text: item.text,
      raw: item.raw as Prisma.InputJsonValue,
      postedAt: item.postedAt,
      editedAt: item.editedAt ?? null,
      url: item.url ?? null,
    })),
    skipDuplicates: true,
    select: { id: true, externalId: true },
  });
  const insertedExternal = new Set(inserted.map((m) => m.externalId));
  await applyEdits(
    tx,
    channel.id,
    items.filter((i) => i.editedAt && !insertedExternal.has(i.externalId)),
  );
  if (failures.length > 0) {
    await tx.processingFailure.createMany({
      data: failures.map((f) => ({ channelId: channel.id, ...f })),
      skipDuplicates: true,
    });
  }
  return inserted.map((m) => m.id);
}

/** Edited items already stored: newer text replaces the stored one, which is kept as a revision. */
async function applyEdits(tx: Prisma.TransactionClient, channelId: string, edited: InboundItem[]) {
  if (edited.length === 0) return;
  const stored = await tx.message.findMany({
    where: { channelId, externalId: { in: edited.map((i) => i.externalId) } },
    select: { id: true, externalId: true, text: true, editedAt: true },
  });
  const byExternal = new Map(stored.map((m) => [m.externalId, m]));
  for (const item of edited) {
    const current = byExternal.get(item.externalId);
    const editedAt = item.editedAt!;
    if (!current || current.text === item.text) continue;
    // An older edit delivered late (webhooks arrive out of order) never overwrites a newer one.
    if (current.editedAt && current.editedAt >= editedAt) continue;
    await tx.messageRevision.createMany({
      data: [{ messageId: current.id, text: current.text, replacedAt: editedAt }],
      skipDuplicates: true,
    });
    await tx.message.update({
      where: { id: current.id },
      data: { text: item.text, editedAt, raw: item.raw as Prisma.InputJsonValue },
    });
  }
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
