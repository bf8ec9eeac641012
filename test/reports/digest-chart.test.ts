import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n.ts';
import { createDigestChart } from '../../src/reports/digest-chart.ts';
import { memoryDb } from '../helpers/db.ts';
import { tempDir } from '../helpers/cli.ts';
import { at, completeFirstHalf, seedOrg, seedTuMinh } from './fixtures.ts';

describe('digest chart for the scheduler', () => {
  it('writes a PNG of the organisation under reports/ and returns its path relative to the data folder', async () => {
    const db = memoryDb();
    const seeded = seedTuMinh(db);
    completeFirstHalf(db, seeded);
    const dataDir = tempDir('isobot-chart-');
    const chart = createDigestChart({ db, dataDir, i18n: createI18n() });
    const path = await chart({ orgId: seeded.orgId, week: '2026-W21', now: at('2026-05-20') });
    expect(path).toBe(join('reports', 'TM', 'digest-2026-W21.png'));
    const png = readFileSync(join(dataDir, path ?? ''));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(900);
  });

  it('draws nothing for an organisation without tasks this year, or an unknown one', async () => {
    const db = memoryDb();
    const orgId = seedOrg(db, 'KT', 'UBND xã Kim Thành');
    const chart = createDigestChart({ db, dataDir: tempDir('isobot-chart-'), i18n: createI18n() });
    expect(await chart({ orgId, week: '2026-W21', now: at('2026-05-20') })).toBeNull();
    expect(await chart({ orgId: 999, week: '2026-W21', now: at('2026-05-20') })).toBeNull();
  });
});
