import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import express, { Router } from 'express';
import { WEBHOOK_PLATFORMS } from '../../../config/channel-settings.ts';
import { resolveCredential } from '../../../config/load-tanggap.ts';
import type { TTanggapConfig } from '../../../config/tanggap-schema.ts';
import { JOBS, WEBHOOK_MAX_BYTES, webhookJobId } from '../../../core/jobs/catalogue.ts';
import type { Logger } from '../../../core/logger.ts';
import {
  answerVerificationHandshake,
  META_SIGNATURE_HEADER,
  verifyMetaSignature,
} from '../../../core/webhooks/meta-signature.ts';

export interface WebhookDeps {
  config: TTanggapConfig;
  secrets: NodeJS.ProcessEnv;
  webhookQueue: Queue;
  logger: Logger;
}

/**
 * Meta webhooks (Facebook Page, Instagram, WhatsApp), one URL per channel: `/webhooks/meta/<channel-id>`.
 * GET answers the subscription handshake with the channel's verify token; POST checks
 * X-Hub-Signature-256 over the raw body with the channel's app secret (401 and nothing stored when it does
 * not match), queues the body for the worker, and answers 200 at once, as Meta expects. The job id is the
 * body's hash, so Meta's retries of one delivery queue it once; items are deduplicated again when stored.
 */
export function webhookRoutes(deps: WebhookDeps): Router {
  const router = Router();
  const channelOf = (id: string) => {
    const channel = deps.config.channels.find((c) => c.id === id && c.enabled);
    return channel && WEBHOOK_PLATFORMS.has(channel.platform) ? channel : undefined;
  };
  const secret = (channelId: string, name: string) =>
    resolveCredential(deps.config, channelOf(channelId)!, name, deps.secrets);

  router.get('/webhooks/meta/:channelId', (req, res) => {
    if (!channelOf(req.params.channelId)) return res.status(404).type('text').send('Not Found');
    const answer = answerVerificationHandshake(
      req.query as Record<string, unknown>,
      secret(req.params.channelId, 'verifyToken'),
    );
    res.status(answer.status).type('text').send(answer.body);
  });

  router.post(
    '/webhooks/meta/:channelId',
    express.raw({ type: () => true, limit: WEBHOOK_MAX_BYTES }),
    async (req, res, next) => {
      try {
        const channelId = req.params.channelId;
        if (!channelOf(channelId)) return res.status(404).json({ error: { code: 'not_found' } });
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const signature = req.get(META_SIGNATURE_HEADER);
        if (!verifyMetaSignature(raw, signature, secret(channelId, 'appSecret'))) {
          deps.logger.warn({ channelId }, 'webhook refused: bad or missing X-Hub-Signature-256');
          return res.status(401).json({
            error: { code: 'bad_signature', message: 'X-Hub-Signature-256 does not match the body' },
          });
        }
        const body = raw.toString('utf8');
        const hash = createHash('sha256').update(raw).digest('hex');
        await deps.webhookQueue.add(
          'webhook',
          JOBS.webhook.payload.parse({ channelId, body, receivedAt: Date.now() }),
          { ...JOBS.webhook.options, jobId: webhookJobId(channelId, hash) },
        );
        res.status(200).type('text').send('EVENT_RECEIVED');
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
