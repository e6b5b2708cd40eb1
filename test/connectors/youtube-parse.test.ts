import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../worker/connectors/http-client.ts';
import {
  decodeCursor,
  startSweepPage,
  type TYtCursor,
  YOUTUBE_OVERLAP_MS,
} from '../../worker/connectors/youtube.ts';
import {
  classifyGoogleError,
  nextPacificMidnight,
  parseComment,
  parseThread,
  parseThreadKey,
  readGoogleError,
  versionKey,
  type YtComment,
} from '../../worker/connectors/youtube-parse.ts';

function comment(id: string, extra: Record<string, unknown> = {}) {
  return {
    kind: 'youtube#comment',
    etag: 'e',
    id,
    snippet: {
      channelId: 'UCagency',
      videoId: 'vid_1',
      authorDisplayName: '@dewi.l',
      authorChannelUrl: 'http://www.youtube.com/channel/UCdewi',
      authorChannelId: { value: 'UCdewi' },
      textDisplay: 'Syarat bikin KTP apa min?',
      textOriginal: 'Syarat bikin KTP apa min?',
      canRate: true,
      viewerRating: 'none',
      likeCount: 3,
      publishedAt: '2024-05-01T02:00:00Z',
      updatedAt: '2024-05-01T02:00:00Z',
      ...extra,
    },
  };
}

function thread(id: string, top: unknown, replies?: unknown[], totalReplyCount = replies?.length ?? 0) {
  return {
    kind: 'youtube#commentThread',
    etag: 't',
    id,
    snippet: {
      channelId: 'UCagency',
      videoId: 'vid_1',
      topLevelComment: top,
      canReply: true,
      totalReplyCount,
      isPublic: true,
    },
    ...(replies ? { replies: { comments: replies } } : {}),
  };
}

describe('youtube parsing', () => {
  it('turns a thread into COMMENT items of one thread key, with contact, url and edits', () => {
    const parsed = parseThread(
      thread(
        'UgxTOP',
        comment('UgxTOP'),
        [
          comment('UgxTOP.r1', {
            parentId: 'UgxTOP',
            authorDisplayName: 'Budi',
            authorChannelId: { value: 'UCbudi' },
            textOriginal: undefined,
            textDisplay: 'Sama, saya juga',
          }),
          comment('UgxTOP.r2', {
            parentId: 'UgxTOP',
            updatedAt: '2024-05-01T03:30:00Z',
            textOriginal: 'ralat: KTP-el',
          }),
        ],
        9,
      ),
    );
    if (!parsed.ok) throw new Error(parsed.failure.reason);
    const t = parsed.value;
    expect(t).toMatchObject({
      id: 'UgxTOP',
      videoId: 'vid_1',
      totalReplyCount: 9,
      includedReplies: 2,
      failures: [],
    });
    const [top, r1, r2] = t.comments;
    expect(top?.item).toMatchObject({
      externalId: 'UgxTOP',
      kind: 'COMMENT',
      threadKey: 'yt:vid_1:UgxTOP',
      text: 'Syarat bikin KTP apa min?',
      postedAt: new Date('2024-05-01T02:00:00Z'),
      url: 'https://www.youtube.com/watch?v=vid_1&lc=UgxTOP',
      contact: { externalId: 'UCdewi', displayName: '@dewi.l', handle: '@dewi.l' },
    });
    expect(top?.item.editedAt).toBeUndefined();
    expect(r1?.item).toMatchObject({
      text: 'Sama, saya juga',
      contact: { externalId: 'UCbudi', displayName: 'Budi' },
    });
    expect(r1?.item.contact?.handle).toBeUndefined();
    expect(r2?.item).toMatchObject({ text: 'ralat: KTP-el', editedAt: new Date('2024-05-01T03:30:00Z') });
    expect(r2?.updatedAtMs).toBe(Date.parse('2024-05-01T03:30:00Z'));
    expect(top?.item.raw).toEqual(comment('UgxTOP'));
  });

  it('keeps the good comments of a thread whose top-level comment is broken; a broken thread is one failure', () => {
    const parsed = parseThread(
      thread('UgxBAD', comment('UgxBAD', { publishedAt: 'kemarin' }), [
        comment('UgxBAD.r1'),
        { id: 'UgxBAD.r2' },
      ]),
    );
    if (!parsed.ok) throw new Error('expected the thread to parse');
    expect(parsed.value.comments.map((c) => c.id)).toEqual(['UgxBAD.r1']);
    expect(parsed.value.failures.map((f) => f.dedupeKey)).toEqual(['comment:UgxBAD', 'comment:UgxBAD.r2']);
    expect(parsed.value.failures[0]?.reason).toMatch(/^snippet\.publishedAt: /);
    expect(parsed.value.failures[1]?.reason).toContain('snippet: expected object');

    const noVideo = parseThread({ id: 'UgxNOVID', snippet: { topLevelComment: comment('UgxNOVID') } });
    expect(noVideo).toMatchObject({
      ok: false,
      failure: { dedupeKey: 'thread:UgxNOVID', externalId: 'UgxNOVID' },
    });
    const empty = parseComment(comment('UgxEMPTY', { textDisplay: '', textOriginal: '' }), {
      id: 'x',
      videoId: 'v',
    });
    expect(empty).toMatchObject({ ok: false, failure: { dedupeKey: 'comment:UgxEMPTY' } });
    const noId = parseThread('not a thread');
    expect(noId.ok ? '' : noId.failure.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads thread keys back and keys comment versions by id and updatedAt', () => {
    expect(parseThreadKey('yt:vid_1:UgxTOP')).toEqual({ videoId: 'vid_1', id: 'UgxTOP' });
    expect(() => parseThreadKey('tg:42')).toThrow(/not a YouTube thread key/);
    expect(versionKey('a', '2024-01-01T00:00:00Z')).toBe(versionKey('a', '2024-01-01T00:00:00Z'));
    expect(versionKey('a', '2024-01-01T00:00:00Z')).not.toBe(versionKey('a', '2024-01-01T00:00:01Z'));
  });

  it('classifies Google errors by reason before status', () => {
    const cases: Array<[number, string[], 'listThreads' | 'listReplies' | 'insert', string, string?]> = [
      [403, ['quotaExceeded'], 'listThreads', 'rate_limited', 'quota'],
      [403, ['dailyLimitExceeded'], 'insert', 'rate_limited', 'quota'],
      [403, ['rateLimitExceeded'], 'listThreads', 'rate_limited', 'short'],
      [403, ['userRateLimitExceeded'], 'listReplies', 'rate_limited', 'short'],
      [429, [], 'listThreads', 'rate_limited', 'short'],
      [401, ['authError'], 'listThreads', 'auth'],
      [403, ['forbidden'], 'insert', 'auth'],
      [403, ['insufficientPermissions'], 'listThreads', 'auth'],
      [400, ['keyInvalid'], 'listThreads', 'auth'],
      [403, ['commentsDisabled'], 'listReplies', 'rejected'],
      [403, ['commentsDisabled'], 'insert', 'rejected'],
      [404, ['channelNotFound'], 'listThreads', 'auth'],
      [404, ['commentNotFound'], 'listReplies', 'rejected'],
      [400, ['commentTextTooLong'], 'insert', 'rejected'],
      [400, ['processingFailure'], 'insert', 'transient'],
      [500, ['backendError'], 'listThreads', 'transient'],
      [503, [], 'listReplies', 'transient'],
    ];
    for (const [status, reasons, op, kind, wait] of cases) {
      expect(classifyGoogleError(status, reasons, op), `${status} ${reasons} ${op}`).toEqual({
        kind,
        ...(wait ? { wait } : {}),
      });
    }
  });

  it('reads the Google error envelope and strips the HTML YouTube puts in messages', () => {
    expect(
      readGoogleError({
        error: {
          code: 403,
          message: 'You have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
          errors: [{ message: 'x', domain: 'youtube.quota', reason: 'quotaExceeded' }],
        },
      }),
    ).toEqual({ message: 'You have exceeded your quota.', reasons: ['quotaExceeded'] });
    expect(readGoogleError('<html>Bad Gateway</html>')).toEqual({ reasons: [] });
    expect(readGoogleError({ error: 'nope' })).toEqual({ reasons: [] });
  });

  it('masks API keys in URLs', () => {
    expect(
      redactUrl('https://www.googleapis.com/youtube/v3/comments?part=snippet&key=AIzaSy123&parentId=x'),
    ).toBe('https://www.googleapis.com/youtube/v3/comments?part=snippet&key=***&parentId=x');
  });
});

describe('quota reset time', () => {
  it('is the next midnight in Los Angeles, in summer and winter time', () => {
    expect(nextPacificMidnight(new Date('2024-06-01T17:00:00Z'))).toEqual(new Date('2024-06-02T07:00:00Z'));
    expect(nextPacificMidnight(new Date('2024-12-01T17:00:00Z'))).toEqual(new Date('2024-12-02T08:00:00Z'));
    // Exactly midnight: the next one, a day later.
    expect(nextPacificMidnight(new Date('2024-12-02T08:00:00Z'))).toEqual(new Date('2024-12-03T08:00:00Z'));
    // The day clocks go back (3 Nov 2024) is 25 hours long.
    expect(nextPacificMidnight(new Date('2024-11-03T07:00:00Z'))).toEqual(new Date('2024-11-04T08:00:00Z'));
  });

  it('is always a Pacific midnight after now and at most 25 hours away', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (now) => {
          const reset = nextPacificMidnight(now);
          const wait = reset.getTime() - now.getTime();
          const local = DateTime.fromJSDate(reset, { zone: 'America/Los_Angeles' });
          return (
            wait > 0 && wait <= 25 * 3_600_000 && local.hour === 0 && local.minute === 0 && local.second === 0
          );
        },
      ),
    );
  });
});

describe('youtube sweep state', () => {
  const now = new Date('2024-06-01T12:00:00Z');
  const hwm = Date.parse('2024-06-01T10:00:00Z');

  function ytComment(id: string, updatedAt: string, author = 'UCwarga'): YtComment {
    const parsed = parseComment(comment(id, { updatedAt, authorChannelId: { value: author } }), {
      id: 'UgxT',
      videoId: 'v',
    });
    if (!parsed.ok) throw new Error(parsed.failure.reason);
    return parsed.value;
  }

  function state(extra: Partial<TYtCursor> = {}): TYtCursor {
    return { v: 1, hwm, seen: [], counts: {}, sweep: null, quota: { day: '2024-06-01', used: 0 }, ...extra };
  }

  it('starts a first poll at the backfill window and refuses a cursor it did not write', () => {
    expect(decodeCursor(null, now, 3_600_000)).toMatchObject({
      hwm: now.getTime() - 3_600_000,
      seen: [],
      sweep: null,
    });
    expect(() => decodeCursor('17', now, 0)).toThrow(/invalid cursor/);
    expect(() => decodeCursor('not json', now, 0)).toThrow(/invalid cursor/);
    const s = state({ seen: [['abc', hwm]] });
    expect(decodeCursor(JSON.stringify(s), now, 0)).toEqual(s);
  });

  it('returns each comment version once, skips our own comments and those long stored', () => {
    const s = state();
    const page = startSweepPage(s, 'UCagency');
    const fresh = ytComment('a', '2024-06-01T11:00:00Z');
    page.offer(fresh);
    page.offer(fresh);
    page.offer(ytComment('a', '2024-06-01T11:05:00Z'));
    page.offer(ytComment('ours', '2024-06-01T11:00:00Z', 'UCagency'));
    // Inside the overlap window: deduped by the seen set, not assumed stored.
    page.offer(ytComment('late', new Date(hwm - YOUTUBE_OVERLAP_MS + 1000).toISOString()));
    page.offer(ytComment('old', new Date(hwm - YOUTUBE_OVERLAP_MS - 1000).toISOString()));
    expect(page.items.map((i) => `${i.externalId}${i.editedAt ? '*' : ''}`)).toEqual(['a*', 'a*', 'late*']);
    page.commit();
    expect(s.seen).toHaveLength(3);

    const again = startSweepPage(s, 'UCagency');
    again.offer(fresh);
    again.offer(ytComment('late', new Date(hwm - YOUTUBE_OVERLAP_MS + 1000).toISOString()));
    expect(again.items).toEqual([]);
  });

  it('keeps the seen set bounded and within the overlap window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000, max: 7_200 }), { minLength: 900, maxLength: 1_500 }),
        (offsets) => {
          const s = state();
          const page = startSweepPage(s, 'UCagency');
          offsets.forEach((sec, i) => {
            page.offer(ytComment(`c${i}`, new Date(hwm + sec * 1000).toISOString()));
          });
          page.commit();
          return s.seen.length <= 1_000 && s.seen.every(([, t]) => t >= hwm - YOUTUBE_OVERLAP_MS);
        },
      ),
      { numRuns: 20 },
    );
  });
});
