import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherAgency, createUser, login, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

type Viewers = { caseId: string; viewers: { userId: string; name: string }[] };

describe('presence: who has a case open', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  const sockets: Socket[] = [];
  let caseId: string;

  async function connect(username: string) {
    const cookie = await login(system.dashboard.url, username);
    const socket = io(system.dashboard.url, {
      extraHeaders: { cookie },
      transports: ['websocket'],
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('ready', () => resolve()));
    return socket;
  }
  const nextPresence = (socket: Socket) =>
    new Promise<Viewers>((resolve) => socket.once('presence', resolve));
  const open = (socket: Socket, id: string) =>
    new Promise<{ ok: boolean; error?: string }>((resolve) =>
      socket.emit('case:open', { caseId: id }, resolve),
    );

  beforeAll(async () => {
    ctx = await createTestContext('presence');
    system = await startSystem(ctx, { worker: false });
    await createOtherAgency(ctx);
    await createUser(ctx, 'sari', 'AGENT', 'dinas');
    await createUser(ctx, 'budi', 'VALIDATOR', 'dinas');
    await createUser(ctx, 'orang-lain', 'AGENT', 'lain');
    const kase = await ctx.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId: 'tg-dinas',
        threadKey: 'tg:9',
        category: 'COMPLAINT',
        subject: 'x',
        openedAt: new Date(),
      },
    });
    caseId = kase.id;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await system?.stop();
    await ctx?.cleanup();
  });

  it('shows each viewer to the others, drops a viewer who leaves, and refuses other agencies', async () => {
    const sari = await connect('sari');
    const budi = await connect('budi');
    const first = nextPresence(sari);
    expect(await open(sari, caseId)).toEqual({ ok: true });
    expect((await first).viewers.map((v) => v.name)).toEqual(['sari']);

    const sariSees = nextPresence(sari);
    expect(await open(budi, caseId)).toEqual({ ok: true });
    expect((await sariSees).viewers.map((v) => v.name).sort()).toEqual(['budi', 'sari']);

    const afterLeave = nextPresence(sari);
    budi.disconnect();
    expect((await afterLeave).viewers.map((v) => v.name)).toEqual(['sari']);

    const stranger = await connect('orang-lain');
    expect(await open(stranger, caseId)).toEqual({ ok: false, error: 'Kasus tidak ditemukan.' });
  });
});
