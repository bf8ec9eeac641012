import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const OA = { ZALO_APP_ID: 'app', ZALO_APP_SECRET: 'secret', ZALO_OA_SECRET_KEY: 'oa-key' };

describe('loadConfig: settings shaped by platform', () => {
  it('with nothing set, no platform is there and each says what it lacks', () => {
    const config = loadConfig({});
    expect(config.telegram).toBeUndefined();
    expect(config.zalo).toBeUndefined();
    expect(config.missing).toEqual({
      telegram: ['TELEGRAM_BOT_TOKEN'],
      zalo: ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_BOT_TOKEN'],
      zaloConsent: ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_REDIRECT_URI'],
    });
  });

  it('a Telegram token makes the telegram section, polling unless a webhook URL is set', () => {
    const polling = loadConfig({ TELEGRAM_BOT_TOKEN: '1:abc' });
    expect(polling.telegram).toEqual({ token: '1:abc', apiRoot: undefined, webhook: undefined });
    expect(polling.missing.telegram).toEqual([]);
    const hooked = loadConfig({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg' });
    expect(hooked.telegram?.webhook).toEqual({ url: 'https://bot.example.org/tg', secret: undefined, port: 8443 });
  });

  it('ISOBOT_WEB_URL makes the web section (address without a trailing slash); the Mini App name joins telegram', () => {
    expect(loadConfig({}).web).toBeUndefined();
    const config = loadConfig({
      ISOBOT_WEB_URL: 'https://dash.example.org/',
      ISOBOT_WEB_PORT: '9000',
      TELEGRAM_BOT_TOKEN: '1:abc',
      TELEGRAM_MINIAPP_NAME: 'dashboard',
    });
    expect(config.web).toEqual({ url: 'https://dash.example.org', port: 9000, host: '127.0.0.1' });
    expect(config.telegram?.miniAppName).toBe('dashboard');
  });

  it('Telegram settings without the token are no telegram section', () => {
    const config = loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg' });
    expect(config.telegram).toBeUndefined();
    expect(config.missing.telegram).toEqual(['TELEGRAM_BOT_TOKEN']);
  });

  it('the OA needs all three of its settings; a partial OA names only what it lacks', () => {
    const oa = loadConfig({ ...OA, ZALO_BOT_TOKEN: 'bot' });
    expect(oa.zalo).toMatchObject({ kind: 'oa', appId: 'app', appSecret: 'secret', oaSecretKey: 'oa-key' });
    expect(oa.zalo?.listen).toEqual({ port: 8080, path: '/zalo/webhook' });
    const partial = loadConfig({ ZALO_APP_ID: 'app' });
    expect(partial.zalo).toBeUndefined();
    expect(partial.missing.zalo).toEqual(['ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_BOT_TOKEN']);
  });

  it('without the OA, a Bot API token makes the bot section; its webhook needs its secret', () => {
    const bot = loadConfig({ ZALO_APP_ID: 'app', ZALO_BOT_TOKEN: 'bot' });
    expect(bot.zalo).toMatchObject({ kind: 'bot', token: 'bot', webhook: undefined });
    const hooked = loadConfig({
      ZALO_BOT_TOKEN: 'bot',
      ZALO_BOT_WEBHOOK_URL: 'https://bot.example.org/z',
      ZALO_BOT_WEBHOOK_SECRET: 'long-enough',
    });
    expect(hooked.zalo).toMatchObject({
      kind: 'bot',
      webhook: { url: 'https://bot.example.org/z', secret: 'long-enough' },
    });
    expect(() => loadConfig({ ZALO_BOT_TOKEN: 'bot', ZALO_BOT_WEBHOOK_URL: 'https://bot.example.org/z' })).toThrowError(
      expect.objectContaining({ variable: 'ZALO_BOT_WEBHOOK_SECRET' }),
    );
  });

  it('the OA consent (isobot zalo auth) needs the app and a redirect URI, not the OA secret key', () => {
    const config = loadConfig({
      ZALO_APP_ID: 'app',
      ZALO_APP_SECRET: 'secret',
      ZALO_REDIRECT_URI: 'https://bot.example.org/cb',
    });
    expect(config.zalo).toBeUndefined();
    expect(config.zaloConsent).toEqual({
      appId: 'app',
      appSecret: 'secret',
      redirectUri: 'https://bot.example.org/cb',
      oauthBase: 'https://oauth.zaloapp.com',
    });
  });

  it('a malformed value is a ConfigError naming the variable, and the result is frozen', () => {
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_PORT: 'eighty' })).toThrowError(ConfigError);
    expect(() => loadConfig({ ISOBOT_ADMINS: 'viber:1' })).toThrowError(
      expect.objectContaining({ variable: 'ISOBOT_ADMINS' }),
    );
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});
