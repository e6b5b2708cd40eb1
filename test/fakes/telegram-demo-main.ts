// The demo Telegram server for `npm start`: a fake Bot API on PORT (default 8081) that streams the demo
// corpus at DEMO_RATE messages per second (default 2) after a first burst of 20, looping with new senders.
import { DEMO_CORPUS } from './demo-corpus.ts';
import { startDemoStream, startFakeTelegram } from './telegram-server.ts';

const port = Number(process.env.PORT ?? 8081);
const host = process.env.HOST ?? '127.0.0.1';
const token = process.env.TELEGRAM_DEMO_TOKEN ?? '100200300:demo-token-local-only';
const rate = Number(process.env.DEMO_RATE ?? 2);

if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`PORT is not a port: ${process.env.PORT}`);
if (!Number.isFinite(rate) || rate < 0)
  throw new Error(`DEMO_RATE must be a number >= 0: ${process.env.DEMO_RATE}`);

// Ids continue from the clock, so a restarted demo serves new updates and messages past the stored cursor
// and the ids already saved, as the real Telegram would.
const base = Math.floor(Date.now() / 1000);
const server = await startFakeTelegram({ token, port, host, firstUpdateId: base, firstMessageId: base });
const stream = startDemoStream(server, DEMO_CORPUS, { ratePerSecond: rate, startBurst: 20 });
// The token is a local demo value, but it is still a bot token: keep it out of the log like a real one.
console.log(
  `demo Telegram Bot API listening on ${server.url} (${DEMO_CORPUS.length} corpus messages, ${rate}/s after a burst of 20)`,
);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  stream.stop();
  await server.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
