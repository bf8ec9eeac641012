/**
 * The weekly digest's chart for the scheduler (src/scheduler/tick.ts `DigestChart`): % done per unit
 * of the organisation's plan for the current year, as a PNG under
 * `<ISOBOT_DATA_DIR>/reports/<ORG>/digest-<week>.png`. Returns the path relative to the data
 * folder (what senders resolve), or null when the organisation has nothing to draw.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DbLike } from '../../db/client.ts';
import { summariseByUnit } from '../domain/summary.ts';
import { parseIsoDate, vnDate } from '../domain/time.ts';
import type { I18n, Lang } from '../i18n.ts';
import { orgById } from '../store/orgs.ts';
import { loadProgress } from '../store/progress.ts';
import type { DigestChart } from '../scheduler/tick.ts';
import { renderProgressChart } from './chart.ts';

export interface DigestChartDeps {
  db: DbLike;
  /** ISOBOT_DATA_DIR. */
  dataDir: string;
  i18n: I18n;
  lang?: Lang | undefined;
}

export function createDigestChart(deps: DigestChartDeps): DigestChart {
  return async ({ orgId, week, now }) => {
    const org = orgById(deps.db, orgId);
    if (!org) return null;
    const { year } = parseIsoDate(vnDate(now));
    const rows = loadProgress(deps.db, { orgId, year }, now);
    if (rows.length === 0) return null;
    const t = deps.i18n.forLang(deps.lang ?? 'vi');
    const png = renderProgressChart(summariseByUnit(rows), {
      title: t('report:chart.digestTitle', { org: org.name, week: week.replace(/^\d{4}-W/u, ''), year }),
      emptyText: t('report:chart.empty'),
    });
    const folder = join('reports', org.code.replace(/[^A-Za-z0-9_-]/gu, '_'));
    mkdirSync(join(deps.dataDir, folder), { recursive: true });
    const path = join(folder, `digest-${week.replace(/[^A-Za-z0-9_-]/gu, '_') || 'week'}.png`);
    writeFileSync(join(deps.dataDir, path), png);
    return path;
  };
}
