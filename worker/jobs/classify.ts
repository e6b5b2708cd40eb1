import { type Job, UnrecoverableError } from 'bullmq';
import type { TTanggapConfig } from '../../config/tanggap-schema.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { JOBS } from '../../core/jobs/catalogue.ts';
import type { CaseEmitter } from '../../core/realtime/case-emitter.ts';
import type { SlaScheduler } from '../../core/sla/case-sla.ts';
import type { ClaimIndex } from '../classify/claims/index.ts';
import type { EmergingMessage } from '../classify/emerging/cluster-index.ts';
import { classifyMessage } from '../classify/rules.ts';
import { attachToCase } from './attach-to-case.ts';

export interface ClassifyDeps {
  /** The known-claim registry; without it no claim matching is done. */
  claims?: () => Promise<ClaimIndex | null>;
  prisma: PrismaClient;
  config: TTanggapConfig;
  emitCase: CaseEmitter;
  /** Queues the SLA jobs of a case whose deadlines were just set or moved. */
  scheduleSla?: SlaScheduler;
  /** Switches to the active (retrained) model when it changed; the model version is stored per message. */
  ensureModel?: () => Promise<unknown>;
  /** Groups flagged messages that match no known claim into candidate claims. */
  emerging?: { assign(message: EmergingMessage): Promise<string | null> };
  now?: () => Date;
}

/**
 * Classifies one message and files it into its conversation's case. Safe to retry at any point:
 * the classification is unique per message, one case is open per conversation, and the dashboard
 * event goes out until `notifiedAt` records it.
 */
export async function handleClassify(job: Job, deps: ClassifyDeps) {
  const { messageId } = JOBS.classify.payload.parse(job.data);
  const message = await deps.prisma.message.findUnique({
    where: { id: messageId },
    select: {
      id: true,
      text: true,
      channelId: true,
      postedAt: true,
      notifiedAt: true,
      classification: { select: { id: true } },
    },
  });
  if (!message) throw new UnrecoverableError(`message ${messageId} does not exist`);

  if (!message.classification) {
    await deps.ensureModel?.();
    const result = classifyMessage(message.text, { claims: (await deps.claims?.()) ?? null });
    await attachToCase(deps.prisma, deps.config, messageId, result, deps.now?.());
  }
  const filed = await deps.prisma.message.findUniqueOrThrow({
    where: { id: messageId },
    select: {
      caseId: true,
      cluster: { select: { clusterId: true } },
      classification: { select: { category: true, secondary: true, claimId: true } },
    },
  });
  // A rumour nobody has written down yet: grouped with its paraphrases so it surfaces while it spreads.
  const c = filed.classification;
  const unmatchedClaim =
    c && !c.claimId && (c.category === 'MISINFORMATION' || c.secondary === 'MISINFORMATION');
  if (unmatchedClaim && !filed.cluster && deps.emerging) {
    await deps.emerging.assign({
      id: messageId,
      text: message.text,
      channelId: message.channelId,
      postedAt: message.postedAt,
    });
  }
  if (message.notifiedAt) return;

  if (filed.caseId) {
    // Idempotent (deterministic job ids), and retried until notifiedAt is set, like the event below.
    await deps.scheduleSla?.(filed.caseId);
    const earlierNotified = await deps.prisma.message.count({
      where: { caseId: filed.caseId, notifiedAt: { not: null }, id: { not: messageId } },
    });
    await deps.emitCase(filed.caseId, messageId, earlierNotified === 0 ? 'created' : 'updated');
  }
  await deps.prisma.message.update({ where: { id: messageId }, data: { notifiedAt: new Date() } });
  return { category: filed.classification?.category, caseId: filed.caseId };
}
