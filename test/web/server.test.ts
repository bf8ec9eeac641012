import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/domain/digest.ts';
import { summariseByUnit } from '../../src/domain/summary.ts';
import { memoryDb } from '../helpers/db.ts';
import { cookieFrom, NOW, PDF, SECRET_TITLE, startWebWorld, type WebWorld } from './world.ts';
import { loadProgress } from '../../src/store/progress.ts';
import { LINK_MS } from '../../src/web/credentials.ts';

let w: WebWorld;
beforeAll(async () => {
  w = await startWebWorld();
});
afterAll(async () => {
  await w.close();
});

/** The last refusal logged, and that one was logged for this request. */
function lastRefusal(): { reason?: string; status?: number } {
  const line = [...w.logs].reverse().find((l) => l.msg === 'web: refused');
  expect(line).toBeDefined();
  return line ?? {};
}

async function refused(response: Response, status: number, reason: RegExp): Promise<string> {
  expect(response.status).toBe(status);
  const body = await response.text();
  expect(lastRefusal().reason).toMatch(reason);
  // Nothing of the organisation, no path, no stack.
  for (const leak of ['UBND phường Tứ Minh', SECRET_TITLE, w.dataDir, 'Error']) expect(body).not.toContain(leak);
  expect(body).not.toMatch(/\n\s+at \S+:\d+:\d+/u);
  return body;
}

describe('dashboard: no or bad credentials', () => {
  it('refuses every page and file without a session, with a log line', async () => {
    for (const path of [
      '/',
      '/o/TM',
      '/o/TM/u/VHXH',
      '/o/TM/t/6',
      `/o/TM/files/${w.evidenceTm.id}/x.pdf`,
      '/o/TM/reports/BaoCao-ISO-TM-2026.xlsx',
      '/o/NO-SUCH-ORG',
    ]) {
      const before = w.logs.length;
      await refused(await w.get(path), 403, /^session missing$/u);
      expect(w.logs.length).toBeGreaterThan(before);
    }
  });

  it('refuses a forged or tampered session cookie', async () => {
    const good = w.token('201', 'session');
    const [payload] = good.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ k: 'session', p: w.personId('201'), e: NOW + 1e9, n: 'x' }),
    ).toString('base64url');
    await refused(await w.get('/o/TM', `isobot_session=${forgedPayload}.${good.split('.')[1]}`), 403, /bad-signature/u);
    await refused(await w.get('/o/TM', `isobot_session=${payload}.${'A'.repeat(43)}`), 403, /bad-signature/u);
    await refused(await w.get('/o/TM', 'isobot_session=garbage'), 403, /malformed/u);
  });

  it('refuses an expired session and a sign-in link used as a session', async () => {
    const cookie = `isobot_session=${w.token('201', 'session', 1000)}`;
    w.clock.advance(1000);
    await refused(await w.get('/o/TM', cookie), 403, /expired/u);
    w.clock.set(NOW);
    await refused(await w.get('/o/TM', `isobot_session=${w.token('201', 'link')}`), 403, /wrong-kind/u);
  });
});

describe('dashboard: the signed link from a private chat', () => {
  it('signs in once, then the session opens the organisation', async () => {
    const link = w.token('201', 'link', LINK_MS);
    const first = await w.get(`/login?t=${link}`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/u);
    expect(setCookie).toMatch(/Secure; SameSite=None/u);
    const cookie = cookieFrom(first);
    const home = await w.get('/', cookie);
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/o/TM');
    expect((await w.get('/o/TM', cookie)).status).toBe(200);
    // The same link again: replayed.
    await refused(await w.get(`/login?t=${link}`), 403, /link replayed/u);
  });

  it('refuses an expired, forged or missing link', async () => {
    const link = w.token('201', 'link', LINK_MS);
    w.clock.advance(LINK_MS);
    await refused(await w.get(`/login?t=${link}`), 403, /link expired/u);
    w.clock.set(NOW);
    const [payload] = w.token('201', 'link').split('.');
    await refused(await w.get(`/login?t=${payload}.${'B'.repeat(43)}`), 403, /link bad-signature/u);
    await refused(await w.get('/login'), 403, /link missing/u);
  });
});

describe('dashboard: Telegram Mini App init data', () => {
  const post = (initData: string, start = '') =>
    fetch(`${w.base}/auth/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ initData, start }).toString(),
      redirect: 'manual',
    });

  it('serves the start page with its script allowed by hash, and no data', async () => {
    const page = await w.get('/app?to=o-TM');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/u);
    const body = await page.text();
    expect(body).toContain('action="/auth/telegram"');
    expect(body).toContain('value="o-TM"');
    expect(body).not.toContain('Phòng Văn hóa');
  });

  it('accepts init data signed with the bot token, once, and goes to the start parameter', async () => {
    const data = w.initData({ id: 201 }, { startParam: 'u-TM-VHXH' });
    const response = await post(data);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/o/TM/u/VHXH');
    const cookie = cookieFrom(response);
    expect((await w.get('/o/TM/u/VHXH', cookie)).status).toBe(200);
    // Reopened with a live session, the start page goes straight on.
    const again = await w.get('/app?to=o-TM', cookie);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/o/TM');
    await refused(await post(data), 403, /init data replayed/u);
  });

  it('refuses forged, tampered, expired, future and unknown-person init data', async () => {
    await refused(await post(w.initData({ id: 201 }, { token: '999:another-bot' })), 403, /bad-signature/u);
    const tampered = new URLSearchParams(w.initData({ id: 999 }));
    tampered.set('user', JSON.stringify({ id: 201, first_name: 'Minh' }));
    await refused(await post(tampered.toString()), 403, /bad-signature/u);
    await refused(await post(w.initData({ id: 201 }, { authDate: NOW - 61 * 60_000 })), 403, /expired/u);
    await refused(await post(w.initData({ id: 201 }, { authDate: NOW + 60 * 60_000 })), 403, /from-the-future/u);
    await refused(await post(w.initData({ id: 424242 })), 403, /unknown person/u);
    await refused(await post(''), 403, /init data missing/u);
  });

  it('lets a registered person without a role in, and shows nothing', async () => {
    const cookie = cookieFrom(await post(w.initData({ id: 999 })));
    await refused(await w.get('/', cookie), 403, /no role/u);
    await refused(await w.get('/o/TM', cookie), 403, /organisation not readable/u);
  });
});

describe('dashboard: who sees what', () => {
  it('shows a leader the digest figures for the organisation', async () => {
    const response = await w.get('/o/TM', w.session('201'));
    expect(response.status).toBe(200);
    const body = await response.text();
    const rows = loadProgress(w.db, { orgId: w.tmId, year: 2026 }, NOW);
    const summary = summariseByUnit(rows);
    const digest = buildDigest(rows, NOW, { week: '2026-W15', orgName: '', maxListed: 100 });
    expect(body).toContain(`data-kpi="done">${summary.total.done}/${summary.total.total}<`);
    expect(body).toContain(`data-kpi="overdue">${digest.total.overdue}<`);
    expect(body).toContain(`data-kpi="due-soon">${digest.dueSoon.length}<`);
    for (const u of summary.units) {
      expect(body).toMatch(new RegExp(`data-unit="${u.code}"[\\s\\S]*?data-col="done">${u.done}/${u.total}<`, 'u'));
    }
    expect(body).toContain('<svg class="chart" role="img"');
    expect(body).toContain('/o/TM/reports/BaoCao-ISO-TM-2026-Q2.xlsx');
    // Every unit but none of XA's.
    expect(body).not.toContain(SECRET_TITLE);
    // No chat is bound in this world: every unit is listed as having none.
    expect(body).toContain('data-kpi="no-chat">4<');
  });

  it('shows a unit its tasks with completion, note and evidence, and the evidence downloads', async () => {
    const body = await (await w.get('/o/TM/u/VHXH', w.session('101'))).text();
    expect(body).toContain('Phòng Văn hóa - Xã hội');
    expect(body).toContain('Biên bản số 3/BB-ĐGNB');
    expect(body).toContain('07/04/2026 08:00 · Nguyễn Thị Lan');
    const href = /href="(\/o\/TM\/files\/\d+\/[^"]+)"/u.exec(body)?.[1];
    expect(href).toBeDefined();
    const file = await w.get(href ?? '', w.session('101'));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF);
    expect(file.headers.get('content-disposition')).toMatch(
      /^attachment; filename="bien_ban_danh_gia.pdf"; filename\*=UTF-8''bi%C3%AAn%20b%E1%BA%A3n/u,
    );
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps an officer to his unit: not the organisation, another unit, its files or the reports', async () => {
    const officer = w.session('101');
    await refused(await w.get('/o/TM', officer), 403, /organisation not readable/u);
    await refused(await w.get('/o/TM/u/KT', officer), 403, /unit not readable/u);
    await refused(await w.get('/o/TM/reports/BaoCao-ISO-TM-2026.xlsx', officer), 403, /reports not readable/u);
    const kt = w.session('102');
    await refused(
      await w.get(`/o/TM/files/${w.evidenceTm.id}/${encodeURIComponent(w.evidenceTm.name)}`, kt),
      403,
      /evidence not readable/u,
    );
    // The task page shows him his own unit only.
    const task = await (await w.get('/o/TM/t/6', officer)).text();
    expect(task).toContain('Phòng Văn hóa - Xã hội');
    expect(task).not.toContain('Phòng Kinh tế');
    expect(task).toMatch(/data-testid="task-progress">\s*1\/1 /u);
    const home = await w.get('/', officer);
    expect(home.headers.get('location')).toBe('/o/TM/u/VHXH');
  });

  it('shows a task across every unit to a leader', async () => {
    const body = await (await w.get('/o/TM/t/2', w.session('201'))).text();
    for (const name of [
      'Phòng Văn hóa - Xã hội',
      'Phòng Kinh tế, Hạ tầng và Đô thị',
      'Văn phòng HĐND và UBND',
      'Trung tâm Phục vụ hành chính công',
    ])
      expect(body).toContain(name);
    expect(body).toMatch(/data-testid="task-progress">\s*0\/4 /u);
    await refused(await w.get('/o/TM/t/99', w.session('201')), 404, /unknown task/u);
  });

  it("never shows another organisation's pages or files", async () => {
    const leader = w.session('201');
    await refused(await w.get('/o/XA', leader), 403, /organisation not readable/u);
    await refused(await w.get('/o/XA/t/1', leader), 403, /task not readable/u);
    await refused(
      await w.get(`/o/XA/files/${w.evidenceXa.id}/${w.evidenceXa.name}`, leader),
      403,
      /evidence not readable/u,
    );
    // XA's file asked for under TM's address: it is not TM's.
    await refused(await w.get(`/o/TM/files/${w.evidenceXa.id}/${w.evidenceXa.name}`, leader), 404, /unknown evidence/u);
    await refused(await w.get('/o/XA/reports/BaoCao-ISO-XA-2026.xlsx', leader), 403, /reports not readable/u);
    // And XA's leader sees XA, not TM.
    const xa = w.session('501');
    expect(await (await w.get('/o/XA', xa)).text()).toContain(SECRET_TITLE);
    await refused(await w.get('/o/TM', xa), 403, /organisation not readable/u);
  });

  it('answers path tricks in file names with 404 and no file', async () => {
    const leader = w.session('201');
    const id = w.evidenceTm.id;
    for (const [path, reason] of [
      [`/o/TM/files/${id}/..%2F..%2F..%2Fetc%2Fpasswd`, /separator or dot-dot/u],
      // The address parser already folds an encoded dot-dot away: the path left is no page.
      [`/o/TM/files/${id}/%2e%2e`, /no such page/u],
      [`/o/TM/files/${id}/a%5Cb.pdf`, /separator or dot-dot/u],
      [`/o/TM/files/${id}/x%00.pdf`, /separator or dot-dot/u],
      [`/o/TM/files/${id}/other.pdf`, /name does not match/u],
      ['/o/TM/files/..%2F..%2Fdb/x', /separator or dot-dot/u],
      ['/o/TM/files/-1/x.pdf', /unknown evidence/u],
      ['/o/TM/files/99999/x.pdf', /unknown evidence/u],
      ['/o/TM/reports/..%2F..%2Fetc%2Fpasswd', /separator or dot-dot/u],
      ['/o/TM/reports/BaoCao-ISO-XA-2026.xlsx', /unknown report/u],
      ['/o/TM/reports/BaoCao-ISO-TM-2026-Q5.xlsx', /unknown report/u],
      ['/o/TM/reports/BaoCao-ISO-TM-2026.pdf', /unknown report/u],
      ['/o/%E0%A4%A/x', /separator or dot-dot/u],
    ] as const) {
      const response = await w.get(path, leader);
      expect(response.status, path).toBe(404);
      await refused(response, 404, reason);
    }
  });

  it('downloads the same report files as /report', async () => {
    for (const [name, type] of [
      ['BaoCao-ISO-TM-2026-Q2.xlsx', 'spreadsheetml'],
      ['BaoCao-ISO-TM-2026.xlsx', 'spreadsheetml'],
      ['BaoCao-ISO-TM-2026.docx', 'wordprocessingml'],
    ] as const) {
      const response = await w.get(`/o/TM/reports/${name}`, w.session('301'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
      expect(response.headers.get('content-disposition')).toContain(`filename="${name}"`);
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');
    }
  });

  it('switches language and remembers it', async () => {
    const response = await w.get('/o/TM?lang=en', w.session('201'));
    expect(response.headers.get('set-cookie')).toMatch(/^isobot_lang=en/u);
    const body = await response.text();
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('Progress by unit');
    const again = await (await w.get('/o/TM', `${w.session('201')}; isobot_lang=en`)).text();
    expect(again).toContain('Progress by unit');
  });

  it('sends security headers that allow exactly its own inline style and script, and refuses other methods', async () => {
    for (const [path, tag, directive] of [
      ['/o/TM', 'style', 'style-src'],
      ['/app', 'script', 'script-src'],
    ] as const) {
      const page = await w.get(path, path === '/app' ? undefined : w.session('201'));
      const inline = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'u').exec(await page.text())?.[1] ?? '';
      const hash = createHash('sha256').update(inline).digest('base64');
      expect(page.headers.get('content-security-policy')).toContain(`${directive} 'sha256-${hash}'`);
    }
    const response = await w.get('/o/TM', w.session('201'));
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-/u);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const deleted = await fetch(`${w.base}/o/TM`, { method: 'DELETE', headers: { cookie: w.session('201') } });
    expect(deleted.status).toBe(405);
    await refused(await w.get('/nothing-here', w.session('201')), 404, /no such page/u);
  });
});

describe('dashboard: a failure', () => {
  it('is a bare 500 page, the detail in the log only', async () => {
    const broken = memoryDb();
    broken.$client.close();
    const world = await startWebWorld({ readDb: broken });
    try {
      const response = await world.get('/o/TM', world.session('201'));
      expect(response.status).toBe(500);
      const body = await response.text();
      expect(body).not.toMatch(/database|sqlite|at |\.ts/iu);
      expect(world.logs.some((l) => l.msg === 'web: page failed')).toBe(true);
    } finally {
      await world.close();
    }
  });
});
