import type { Queue } from 'bullmq';
import { JOBS, pollSchedulerId } from '../../core/jobs/catalogue.ts';

export { pollSchedulerId };

/**
 * One job scheduler per active channel. The offset spreads channels with the same interval across it
 * (derived from the id, so restarts keep the same spread); paused or failed channels get no schedule.
 */
export async function schedulePolling(
  queue: Queue,
  channels: { id: string; status: string; pollIntervalSeconds: number }[],
): Promise<void> {
  for (const channel of channels) {
    const schedulerId = pollSchedulerId(channel.id);
    if (channel.status !== 'ACTIVE' && channel.status !== 'ERROR') {
      await queue.removeJobScheduler(schedulerId);
      continue;
    }
    const every = channel.pollIntervalSeconds * 1000;
    await queue.upsertJobScheduler(
      schedulerId,
      { every, offset: spread(channel.id, every) },
      { name: 'poll', data: JOBS.poll.payload.parse({ channelId: channel.id }), opts: JOBS.poll.options },
    );
  }
}

function spread(id: string, every: number): number {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % every;
}
