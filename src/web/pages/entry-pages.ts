/** Pages before any data: the Mini App's start page and the list of what a person may open. */
import { createHash } from 'node:crypto';
import { html, raw } from '../html.ts';
import { layout, type PageContext } from './layout.ts';

/**
 * Telegram opens the Mini App with its signed init data in the address's fragment
 * (`#tgWebAppData=…`), which never reaches a server: this script posts it to /auth/telegram.
 */
const APP_SCRIPT =
  "(function(){var d=new URLSearchParams(location.hash.slice(1)).get('tgWebAppData');" +
  "var f=document.getElementById('auth');if(d){f.elements.initData.value=d;f.submit();}" +
  "else{document.getElementById('nodata').hidden=false;}})();";

export const APP_SCRIPT_HASH = `sha256-${createHash('sha256').update(APP_SCRIPT).digest('base64')}`;
/** Built outside the template, so that the element holds exactly the hashed text. */
const SCRIPT_TAG = raw(`<script>${APP_SCRIPT}</script>`);

export function appPage(ctx: PageContext, start: string): string {
  const body = html`<h1>${ctx.t('web:app.title')}</h1>
    <form id="auth" method="post" action="/auth/telegram">
      <input type="hidden" name="initData" /><input type="hidden" name="start" value="${start}" />
      <noscript><p>${ctx.t('web:app.noscript')}</p></noscript>
      <p>${ctx.t('web:app.opening')}</p>
    </form>
    <p id="nodata" hidden>${ctx.t('web:app.noData')}</p>
    ${SCRIPT_TAG}`;
  return layout(ctx, { title: ctx.t('web:app.title'), body });
}

export interface Place {
  href: string;
  label: string;
}

export function placesPage(ctx: PageContext, places: readonly Place[]): string {
  const body = html`<h1>${ctx.t('web:places.title')}</h1>
    <section class="card">
      <ul class="items">
        ${places.map((p) => html`<li><a href="${p.href}">${p.label}</a></li>`)}
      </ul>
    </section>`;
  return layout(ctx, { title: ctx.t('web:places.title'), body });
}
