import type { Db } from '../db/client.ts';
import { renderTemplate } from './render-template.ts';

/**
 * Text of a new draft from a template: the agency's own template with that key wins over the shipped default;
 * {{nama}}, {{nomor_register}} and {{instansi}} come from the case. Returns null when no such template exists.
 */
export async function draftFromTemplate(
  db: Db,
  caseId: string,
  templateKey: string,
  link?: string,
): Promise<string | null> {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      agencyId: true,
      agency: { select: { name: true } },
      informationRequest: { select: { registerNumber: true } },
      messages: {
        where: { direction: 'INBOUND' },
        orderBy: { postedAt: 'asc' },
        take: 1,
        select: { contact: { select: { displayName: true, handle: true } } },
      },
    },
  });
  const templates = await db.replyTemplate.findMany({
    where: { key: templateKey, OR: [{ agencyId: kase.agencyId }, { agencyId: null }] },
    select: { agencyId: true, body: true },
  });
  const template = templates.find((t) => t.agencyId === kase.agencyId) ?? templates[0];
  if (!template) return null;
  const contact = kase.messages[0]?.contact;
  return renderTemplate(template.body, {
    nama: contact?.displayName ?? contact?.handle ?? null,
    nomor_register: kase.informationRequest?.registerNumber ?? null,
    instansi: kase.agency.name,
    tautan: link ?? null,
  });
}
