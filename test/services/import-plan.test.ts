/** The import service the CLI and the chat share: preview writes nothing, confirm writes once. */
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n.ts';
import { Refusal } from '../../src/errors.ts';
import { confirmImport, formatPreview, previewImport, previewToJson } from '../../src/services/import-plan.ts';
import { addOrg, addUnit } from '../../src/store/orgs.ts';
import { memoryDb } from '../helpers/db.ts';
import { ACTOR, fixture, snapshot } from '../importers/helpers.ts';

describe('import service', () => {
  it('previews without writing, confirms once, and a second preview says nothing changes', async () => {
    const db = memoryDb();
    addOrg(db, { code: 'SCT', name: 'Sở Công Thương' }, ACTOR);
    addUnit(db, { orgCode: 'SCT', code: 'BCD', name: 'Ban Chỉ đạo ISO Sở', aliases: ['BCĐ ISO Sở'] }, ACTOR);
    const input = { bytes: fixture('so-cong-thuong-2026.txt'), fileName: 'so-cong-thuong-2026.txt', orgCode: 'SCT' };
    const before = snapshot(db);
    const preview = await previewImport(db, input);
    expect(snapshot(db)).toBe(before);
    expect(preview.summary).toMatchObject({
      tasks: 10,
      planExists: false,
      noop: false,
      added: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
    });
    // "BCĐ ISO" alone and "Văn phòng Sở" are not known here: one warning each, with the command to fix it.
    const unknown = preview.warnings.filter((w) => w.code === 'unknownUnit').map((w) => w.params.name);
    expect(unknown).toEqual(['BCĐ ISO đôn đốc, hướng dẫn', 'BCĐ ISO', 'Văn phòng Sở']);

    const t = createI18n().forLang('vi');
    const lines = formatPreview(t, preview);
    expect(lines[0]).toBe(
      'Kế hoạch "Duy trì và cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 năm 2026" của SCT năm 2026: 10 nhiệm vụ.',
    );
    expect(lines[1]).toBe(
      '1. Xây dựng Kế hoạch duy trì và cải tiến HTQLCL theo TCVN ISO 9001:2015 — BCD — Tháng 02/2026',
    );
    expect(lines).toContain('… và 5 nhiệm vụ khác.');
    expect(lines).toContain(
      '- Không nhận ra đơn vị "Văn phòng Sở" (nhiệm vụ 7, 9, 10). Nếu là đơn vị mới: isobot unit add --org SCT --code VPS --name "Văn phòng Sở"; nếu là tên khác của một đơn vị, thêm tên này bằng --alias "Văn phòng Sở" khi tạo đơn vị đó, rồi nhập lại.',
    );
    const json = previewToJson(preview, createI18n().forLang('en'));
    expect(json.tasks[8]).toMatchObject({
      number: '9',
      lead: ['BCĐ ISO Sở, Văn phòng Sở'],
      units: ['BCD'],
      deadline: { kind: 'date', due: '2026-11-05' },
    });
    expect(json.warnings.find((w) => w.code === 'unknownUnit')?.message).toContain('isobot unit add --org SCT');

    const done = await confirmImport(db, { ...input, actor: ACTOR });
    expect(done.result.added).toHaveLength(10);
    const written = snapshot(db);
    const again = await previewImport(db, input);
    expect(again.summary.noop).toBe(true);
    const confirmedAgain = await confirmImport(db, { ...input, actor: { ...ACTOR, at: ACTOR.at + 5 } });
    expect(confirmedAgain.result.noop).toBe(true);
    expect(snapshot(db)).toBe(written);
  });

  it('refuses an unknown organisation before reading the file, with a code each surface words', async () => {
    const db = memoryDb();
    const refused = previewImport(db, { bytes: Buffer.from('x'), fileName: 'x.txt', orgCode: 'NOPE' });
    await expect(refused).rejects.toBeInstanceOf(Refusal);
    await expect(refused).rejects.toMatchObject({ code: 'unknownOrg', params: { code: 'NOPE' } });
  });
});
