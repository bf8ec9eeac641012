/**
 * `isobot zalo auth`: authorises the Zalo OA with PKCE. Without --code it prints the consent URL and
 * keeps the verifier in kv; with --code it exchanges the code Zalo put on the redirect for the first
 * token pair and stores it (the running bot refreshes it from then on).
 */
import axios from 'axios';
import { vnDateTime } from '../domain/time.ts';
import { UserError } from '../errors.ts';
import { consentUrl, createPkce, createZaloOAuth } from '../platforms/zalo/oauth.ts';
import { storeInitialTokens } from '../platforms/zalo/tokens.ts';
import { deleteKv, getKv, setKv } from '../store/kv.ts';
import { openCliDb, parseOptions, printJson, type CliRunner } from './context.ts';

export const PKCE_KEY = 'zalo.pkce';
/** A consent not completed within this time must be started again. */
export const PKCE_MAX_AGE_MS = 60 * 60 * 1000;

interface PendingPkce {
  verifier: string;
  state: string;
  createdAt: number;
}

export const zaloAuthCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { code: { type: 'string' }, state: { type: 'string' } });
    const consent = ctx.config.zaloConsent;
    if (!consent) throw new UserError('zalo:auth.missing', { names: ctx.config.missing.zaloConsent.join(', ') });
    const { appId, appSecret, redirectUri, oauthBase } = consent;
    const db = openCliDb(ctx, values.db);
    try {
      const now = ctx.clock.now();
      if (values.code === undefined) {
        const pkce = createPkce();
        setKv(db, PKCE_KEY, { verifier: pkce.verifier, state: pkce.state, createdAt: now } satisfies PendingPkce, now);
        const url = consentUrl(oauthBase, {
          appId,
          redirectUri,
          challenge: pkce.challenge,
          state: pkce.state,
        });
        if (values.json) printJson(ctx, { url, state: pkce.state });
        else {
          ctx.io.out(ctx.t('zalo:auth.openUrl'));
          ctx.io.out(url);
          ctx.io.out(ctx.t('zalo:auth.thenCode', { redirect: redirectUri }));
        }
        return 0;
      }
      const pending = getKv<PendingPkce>(db, PKCE_KEY);
      if (!pending) throw new UserError('zalo:auth.noVerifier');
      if (values.state !== undefined && values.state !== pending.state)
        throw new UserError('zalo:auth.badState', { state: values.state });
      if (now - pending.createdAt > PKCE_MAX_AGE_MS)
        throw new UserError('zalo:auth.expired', { minutes: PKCE_MAX_AGE_MS / 60_000 });
      const oauth = createZaloOAuth({
        http: axios.create({ timeout: 30_000 }),
        oauthBase,
        appId,
        appSecret,
        now: () => ctx.clock.now(),
      });
      const result = await oauth.exchangeCode(values.code.trim(), pending.verifier);
      if (!result.ok) throw new UserError('zalo:auth.refused', { code: result.code, message: result.message });
      db.transaction((tx) => {
        storeInitialTokens(tx, result.pair, now);
        deleteKv(tx, PKCE_KEY);
      });
      if (values.json)
        printJson(ctx, {
          accessExpiresAt: result.pair.accessExpiresAt,
          refreshExpiresAt: result.pair.refreshExpiresAt,
        });
      else ctx.io.out(ctx.t('zalo:auth.done', { expires: vnDateTime(result.pair.accessExpiresAt) }));
      return 0;
    } finally {
      db.$client.close();
    }
  },
};
