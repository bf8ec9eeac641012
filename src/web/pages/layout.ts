/** The page frame every dashboard page shares: head, skip link, header with the language switch, footer, styles. */
import { createHash } from 'node:crypto';
import type { Lang, Translate } from '../../i18n.ts';
import { html, raw, type Markup } from '../html.ts';

export interface PageContext {
  t: Translate;
  lang: Lang;
  /** The request's path and query, for the language switch. */
  path: string;
}

/** Mobile first; colours keep at least 4.5:1 contrast on white. */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#111827;background:#f3f4f6}
a{color:#1d4ed8}
a:focus-visible,summary:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:2}
header.top{background:#1e3a8a;color:#fff;padding:10px 16px;display:flex;gap:12px;align-items:center;justify-content:space-between}
header.top a{color:#fff}
header.top .brand{font-weight:700;text-decoration:none}
main{max-width:960px;margin:0 auto;padding:12px 12px 32px}
h1{font-size:1.35rem;line-height:1.3;margin:8px 0 2px}
h2{font-size:1.1rem;margin:0 0 8px}
.sub{color:#4b5563;margin:0 0 12px;font-size:.95rem}
.crumbs{font-size:.9rem;margin:4px 0}
section.card{background:#fff;border-radius:10px;padding:14px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.kpis{display:grid;grid-template-columns:repeat(2,1fr);gap:8px;margin:12px 0}
.kpi{background:#fff;border-radius:10px;padding:10px 12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.kpi b{display:block;font-size:1.6rem;line-height:1.2}
.kpi span{color:#374151;font-size:.9rem}
.kpi.late b{color:#b91c1c}.kpi.soon b{color:#92400e}.kpi.good b{color:#15803d}
@media (min-width:700px){.kpis{grid-template-columns:repeat(4,1fr)}}
figure{margin:0}.chart{max-width:520px;display:block}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85rem;margin:8px 0 0;padding:0;list-style:none}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
caption{caption-side:bottom;text-align:left;font-size:.85rem;color:#4b5563;padding-top:6px}
tbody th{font-weight:normal}
.c-onTime{background:#15803d}.c-late{background:#65a30d}.c-overdue{background:#b91c1c}.c-rest{background:#e5e7eb;border:1px solid #9ca3af}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:7px 6px;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{font-size:.85rem;color:#374151}
td.n,th.n{text-align:right;white-space:nowrap}
ul.items{list-style:none;margin:0;padding:0}
ul.items li{padding:7px 0;border-bottom:1px solid #e5e7eb}
ul.items li:last-child{border-bottom:0}
.late{color:#b91c1c}.soon{color:#92400e}.muted{color:#4b5563}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:.85rem;font-weight:600;white-space:nowrap}
.s-done{background:#dcfce7;color:#14532d}.s-done-late{background:#ecfccb;color:#365314}
.s-overdue{background:#fee2e2;color:#7f1d1d}.s-due-soon{background:#fef3c7;color:#78350f}
.s-open,.s-no-deadline{background:#e5e7eb;color:#1f2937}
article.task{background:#fff;border-radius:10px;padding:12px 14px;margin:10px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
article.task h3{font-size:1rem;margin:0 0 6px}
dl{margin:6px 0 0;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;font-size:.93rem}
dt{color:#4b5563}dd{margin:0;overflow-wrap:anywhere}
.downloads a{display:inline-block;margin:4px 8px 4px 0;padding:8px 12px;border:1px solid #1d4ed8;border-radius:8px;text-decoration:none}
footer{max-width:960px;margin:0 auto;padding:0 12px 24px;color:#4b5563;font-size:.85rem}
`;

export const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;
/** Built outside the template, so that the element holds exactly the hashed text. */
const STYLE_TAG = raw(`<style>${STYLE}</style>`);

export function layout(ctx: PageContext, input: { title: string; body: Markup; home?: string | undefined }): string {
  const other: Lang = ctx.lang === 'vi' ? 'en' : 'vi';
  const url = new URL(ctx.path, 'http://x');
  url.searchParams.set('lang', other);
  const page = html`<!doctype html>
    <html lang="${ctx.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${input.title} · isobot</title>
        ${STYLE_TAG}
      </head>
      <body>
        <a class="skip" href="#main">${ctx.t('web:skip')}</a>
        <header class="top">
          <a class="brand" href="${input.home ?? '/'}">isobot · ISO 9001</a>
          <a href="${url.pathname + url.search}" lang="${other}" hreflang="${other}"
            >${ctx.t(`web:switchTo.${other}`)}</a
          >
        </header>
        <main id="main">${input.body}</main>
      </body>
    </html>`;
  return page.value;
}

/** A short page that says why nothing is shown (403, 404): no detail of what exists. */
export function messagePage(ctx: PageContext, titleKey: string, textKey: string): string {
  return layout(ctx, {
    title: ctx.t(titleKey),
    body: html`<h1>${ctx.t(titleKey)}</h1>
      <section class="card"><p>${ctx.t(textKey)}</p></section>`,
  });
}
