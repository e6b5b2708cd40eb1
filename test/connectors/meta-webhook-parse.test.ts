import { describe, expect, it } from 'vitest';
import { parseFacebookWebhook } from '../../worker/connectors/meta/facebook-webhook.ts';
import { parseInstagramWebhook } from '../../worker/connectors/meta/instagram-webhook.ts';

const PAGE = '1111222233';
const POST = `${PAGE}_5555`;

// Shaped after Meta's webhook reference examples (Page `feed` change, Messenger `messaging` event).
function feedChange(value: Record<string, unknown>, time = 1_714_550_400) {
  return { object: 'page', entry: [{ id: PAGE, time, changes: [{ field: 'feed', value }] }] };
}

const comment = {
  from: { id: '24242424', name: 'Sri Wahyuni' },
  post: { status_type: 'added_photos', is_published: true, id: POST },
  message: 'Kapan jalan ini diperbaiki?',
  post_id: POST,
  comment_id: '5555_7777',
  created_time: 1_714_550_000,
  item: 'comment',
  parent_id: POST,
  verb: 'add',
};

describe('parseFacebookWebhook', () => {
  it('a new comment becomes the same item the poller would produce', () => {
    const batch = parseFacebookWebhook(feedChange(comment));
    expect(batch.failures).toEqual([]);
    expect(batch.items).toEqual([
      {
        externalId: '5555_7777',
        kind: 'COMMENT',
        threadKey: `fb:${POST}:5555_7777`,
        text: 'Kapan jalan ini diperbaiki?',
        postedAt: new Date(1_714_550_000_000),
        raw: comment,
        contact: { externalId: '24242424', displayName: 'Sri Wahyuni' },
      },
    ]);
  });

  it('a reply joins its parent comment thread; an edit keeps the id and sets editedAt', () => {
    const reply = { ...comment, comment_id: '5555_8888', parent_id: '5555_7777', message: 'Sudah 3 bulan' };
    const edited = { ...comment, verb: 'edited', message: 'Kapan jalan ini diperbaiki??' };
    const batch = parseFacebookWebhook({
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: 1_714_551_000,
          changes: [
            { field: 'feed', value: reply },
            { field: 'feed', value: edited },
          ],
        },
      ],
    });
    expect(batch.items[0]!.threadKey).toBe(`fb:${POST}:5555_7777`);
    expect(batch.items[1]).toMatchObject({
      externalId: '5555_7777',
      text: 'Kapan jalan ini diperbaiki??',
      editedAt: new Date(1_714_551_000_000),
    });
  });

  it('skips removals, reactions and the page itself; a broken change is a failure, not lost', () => {
    const batch = parseFacebookWebhook({
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: 1,
          changes: [
            { field: 'feed', value: { ...comment, verb: 'remove' } },
            { field: 'feed', value: { item: 'reaction', verb: 'add', post_id: POST, reaction_type: 'like' } },
            { field: 'feed', value: { ...comment, from: { id: PAGE, name: 'Humas' } } },
            { field: 'feed', value: { item: 'comment', verb: 'add', post_id: POST, message: 'tanpa id' } },
            { field: 'feed', value: { ...comment, comment_id: '5555_9999', message: 'ok' } },
          ],
        },
      ],
    });
    expect(batch.items.map((i) => i.externalId)).toEqual(['5555_9999']);
    expect(batch.failures).toHaveLength(1);
    expect(batch.failures[0]!.reason).toContain('comment_id');
  });

  it('Messenger: text messages and edits become DMs keyed by PSID; echoes skipped; deliveries as statuses', () => {
    const batch = parseFacebookWebhook({
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: 1_714_550_400_123,
          messaging: [
            {
              sender: { id: '6060' },
              recipient: { id: PAGE },
              timestamp: 1_714_550_400_000,
              message: { mid: 'm_abc', text: 'Halo, mau lapor' },
            },
            {
              sender: { id: PAGE },
              recipient: { id: '6060' },
              timestamp: 1_714_550_401_000,
              message: { mid: 'm_echo', text: 'Balasan kami', is_echo: true },
            },
            {
              sender: { id: '6060' },
              recipient: { id: PAGE },
              timestamp: 1_714_550_402_000,
              message_edit: { mid: 'm_abc', text: 'Halo, mau lapor banjir', num_edit: 1 },
            },
            {
              sender: { id: '6060' },
              recipient: { id: PAGE },
              timestamp: 1_714_550_403_000,
              delivery: { mids: ['m_out1'], watermark: 1_714_550_403_000 },
            },
            { sender: { id: '6060' }, timestamp: 'x' },
          ],
        },
      ],
    });
    expect(batch.items).toHaveLength(2);
    expect(batch.items[0]).toMatchObject({
      externalId: 'm_abc',
      kind: 'DM',
      threadKey: 'fbm:6060',
      postedAt: new Date(1_714_550_400_000),
    });
    expect(batch.items[1]).toMatchObject({ externalId: 'm_abc', text: 'Halo, mau lapor banjir' });
    expect(batch.items[1]!.editedAt).toEqual(new Date(1_714_550_402_000));
    expect(batch.statuses).toEqual([
      { externalId: 'm_out1', status: 'delivered', at: new Date(1_714_550_403_000) },
    ]);
    expect(batch.failures).toHaveLength(1);
  });

  it('rejects a delivery that is not a page webhook', () => {
    expect(() => parseFacebookWebhook({ object: 'instagram', entry: [] })).toThrow(/object/);
    expect(() => parseFacebookWebhook('nope')).toThrow();
  });
});

describe('parseInstagramWebhook', () => {
  const IG = '17841400000000001';

  it('comments become items threaded by top comment; our own are skipped; mentions are refs', () => {
    const value = {
      from: { id: '232323232', username: 'warga_kota' },
      media: { id: '123123123', media_product_type: 'FEED' },
      id: '17865799348089039',
      text: 'Izin tanya jadwal posyandu',
    };
    const batch = parseInstagramWebhook({
      object: 'instagram',
      entry: [
        {
          id: IG,
          time: 1_714_550_400,
          changes: [
            { field: 'comments', value },
            {
              field: 'comments',
              value: { ...value, id: '178', parent_id: '17865799348089039', text: 'ikut' },
            },
            { field: 'comments', value: { ...value, id: '179', from: { id: IG, username: 'humaskota' } } },
            { field: 'comments', value: { id: '180', text: 'tanpa media' } },
            { field: 'mentions', value: { media_id: '17918195224117851', comment_id: '17894227972186120' } },
            { field: 'mentions', value: { comment_id: '1' } },
          ],
        },
      ],
    });
    expect(batch.items).toEqual([
      {
        externalId: '17865799348089039',
        kind: 'COMMENT',
        threadKey: 'ig:123123123:17865799348089039',
        text: 'Izin tanya jadwal posyandu',
        postedAt: new Date(1_714_550_400_000),
        raw: value,
        contact: { externalId: '232323232', handle: '@warga_kota' },
      },
      expect.objectContaining({ externalId: '178', threadKey: 'ig:123123123:17865799348089039' }),
    ]);
    expect(batch.mentions).toEqual([
      {
        igUserId: IG,
        mediaId: '17918195224117851',
        commentId: '17894227972186120',
        at: new Date(1_714_550_400_000),
      },
    ]);
    expect(batch.failures.map((f) => f.reason).join(' ')).toMatch(/media/);
    expect(batch.failures.map((f) => f.reason).join(' ')).toMatch(/media_id/);
  });

  it('rejects a delivery that is not an instagram webhook', () => {
    expect(() => parseInstagramWebhook({ object: 'page', entry: [] })).toThrow(/object/);
  });
});
