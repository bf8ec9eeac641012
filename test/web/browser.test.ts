/**
 * The dashboard in a real browser: Debian's chromium, driven by playwright-core (which downloads
 * nothing). The demo's data; a leader signs in with a link, reads the organisation page (its figures
 * checked against `isobot status --json`), follows a unit and a task, downloads a report (the same
 * workbook as `isobot report`), and screenshots are saved at phone and desktop widths into
 * screenshots/ (gitignored). Without chromium this says so and skips; under CI=true it fails.
 */
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.ts';
import { systemClock } from '../../src/clock.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../../src/log.ts';
import { webSecret } from '../../src/store/dashboard.ts';
import { findPerson } from '../../src/store/orgs.ts';
import { LINK_MS, newNonce, signToken } from '../../src/web/credentials.ts';
import { createWebServer, type WebServer } from '../../src/web/server.ts';
import { REPO_ROOT, runIsobot, tempDir } from '../helpers/cli.ts';

const CHROMIUM = process.env.ISOBOT_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true';
const SHOTS = join(REPO_ROOT, 'screenshots');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(`browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium; CI installs it)`);
}

describe('browser prerequisites', () => {
  it.runIf(IN_CI)('has chromium under CI', () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: .ci/run installs Debian's chromium`).toBe(true);
  });
});

interface StatusJson {
  units: { code: string; done: number; total: number; overdue: number }[];
  total: { done: number; total: number; overdue: number };
}

describe.runIf(HAVE_CHROMIUM)('the dashboard in chromium (demo data)', () => {
  const dir = tempDir('isobot-browser-');
  const dbPath = join(dir, 'demo.sqlite');
  let db: Db;
  let readDb: Db;
  let web: WebServer;
  let base: string;
  let browser: Browser;
  let status: StatusJson;

  const signInLink = () => {
    const person = findPerson(db, 'telegram', '201');
    if (!person) throw new Error('no demo leader');
    const now = systemClock.now();
    return `${base}/login?t=${signToken({ kind: 'link', personId: person.id, exp: now + LINK_MS, nonce: newNonce() }, webSecret(db, now))}`;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const tour = runIsobot(['demo', '--fresh', '--db', dbPath, '--script', join(REPO_ROOT, 'src', 'demo', 'tour.txt')]);
    expect(tour.code).toBe(0);
    const json = runIsobot(['status', '--org', 'TM', '--json', '--db', dbPath]);
    expect(json.code).toBe(0);
    status = JSON.parse(json.stdout) as StatusJson;
    db = openDatabase(dbPath);
    readDb = openDatabase(dbPath, { readonly: true });
    // As `isobot start` runs it: the real clock, the demo's files.
    web = createWebServer({
      db,
      readDb,
      clock: systemClock,
      i18n: createI18n(),
      log: silentLogger,
      config: { ISOBOT_DATA_DIR: join(dir, 'demo-files'), ISOBOT_ADMINS: [] },
    });
    base = await web.listen(0, '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    readDb?.$client.close();
    db?.$client.close();
  });

  it('shows a leader on a phone the same figures as `isobot status`, a unit, a task, and downloads a report', async () => {
    const context = await browser.newContext({
      viewport: PHONE,
      deviceScaleFactor: 2,
      acceptDownloads: true,
      locale: 'vi-VN',
    });
    const page = await context.newPage();
    await page.goto(signInLink());
    expect(new URL(page.url()).pathname).toBe('/o/TM');
    await expect(page.locator('h1').textContent()).resolves.toBe('UBND phường Tứ Minh');
    expect(await page.locator('[data-kpi="done"]').textContent()).toBe(`${status.total.done}/${status.total.total}`);
    expect(await page.locator('[data-kpi="overdue"]').textContent()).toBe(String(status.total.overdue));
    for (const unit of status.units) {
      const row = page.locator(`tr[data-unit="${unit.code}"]`);
      expect(await row.locator('[data-col="done"]').textContent()).toBe(`${unit.done}/${unit.total}`);
      expect(await row.locator('[data-col="overdue"]').textContent()).toBe(String(unit.overdue));
    }
    expect(await page.locator('svg.chart g').count()).toBe(status.units.filter((u) => u.total > 0).length);
    // The page's own style applies (the CSP lets exactly it in): the header is dark blue.
    expect(await page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor")).toBe(
      'rgb(30, 58, 138)',
    );
    // Nothing is wider than the phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'org-phone');
    // What a leader sees first, without scrolling.
    await page.screenshot({ path: join(SHOTS, 'org-phone-first-screen.png') });

    await page.locator('tr[data-unit="VHXH"] a').click();
    await page.waitForURL(/\/o\/TM\/u\/VHXH/u);
    expect(await page.locator('h1').textContent()).toBe('Phòng Văn hóa - Xã hội');
    expect(await page.locator('text=Đã ban hành Kế hoạch số 15/KH-UBND').count()).toBe(1);
    const evidence = page.locator('a[href*="/files/"]');
    expect(await evidence.first().textContent()).toBe('bien-ban-danh-gia-noi-bo.pdf');
    const evidenceDownload = page.waitForEvent('download');
    await evidence.first().click();
    const pdf = await (await evidenceDownload).path();
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
    await shot(page, 'unit-phone');

    await page.locator('a[href^="/o/TM/t/6"]').first().click();
    await page.waitForURL(/\/o\/TM\/t\/6/u);
    expect(await page.locator('h1').textContent()).toContain('Nhiệm vụ 6');
    await shot(page, 'task-phone');

    await page.goBack();
    await page.goBack();
    const reportDownload = page.waitForEvent('download');
    await page.locator('a[href$="/reports/BaoCao-ISO-TM-2026.xlsx"]').click();
    const download = await reportDownload;
    expect(download.suggestedFilename()).toBe('BaoCao-ISO-TM-2026.xlsx');
    const fromWeb = await download.path();
    const cliFile = join(dir, 'cli.xlsx');
    expect(
      runIsobot(['report', '--org', 'TM', '--year', '2026', '--format', 'xlsx', '--out', cliFile, '--db', dbPath]).code,
    ).toBe(0);
    expect(await sheetValues(fromWeb, 'Tổng hợp')).toEqual(await sheetValues(cliFile, 'Tổng hợp'));
    expect(await sheetValues(fromWeb, 'Tiến độ')).toEqual(await sheetValues(cliFile, 'Tiến độ'));
    await context.close();
  });

  it('reads well at desktop width, and in English', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(signInLink());
    await shot(page, 'org-desktop');
    await page.goto(`${base}/o/TM?lang=en`);
    expect(await page.locator('#h-units').textContent()).toBe('Progress by unit');
    await page.setViewportSize(PHONE);
    await shot(page, 'org-phone-en');
    await context.close();
  });

  it('shows a stranger the refusal page, not the data', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
    const page = await context.newPage();
    const response = await page.goto(`${base}/o/TM`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Không có quyền xem');
    await shot(page, 'refused-phone');
    await context.close();
  });
});

async function sheetValues(path: string, name: string): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet(name);
  const rows: unknown[] = [];
  sheet?.eachRow((row) => rows.push(row.values));
  return rows;
}
