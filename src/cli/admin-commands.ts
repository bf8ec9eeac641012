/** Foundation subcommands: migrate, org, unit, role, chat, backup. */
import { PLATFORMS, ROLES, type Platform, type Role } from '../../db/schema.ts';
import { UserError } from '../errors.ts';
import { assignScheduleSettings, describeScheduleSettings, parseScheduleSettings } from '../domain/settings.ts';
import { addOrg, addUnit, grantRole, listOrgs, listUnits, requireOrg, setScheduleSettings } from '../store/orgs.ts';
import { profileFor } from '../platforms/profile.ts';
import { bindChat } from '../store/chats.ts';
import { cliActor, formatTable, openCliDb, parseOptions, printJson, requireOption, type CliRunner } from './context.ts';

function platformOption(value: string | undefined): Platform {
  const platform = requireOption(value, 'platform');
  if (!(PLATFORMS as readonly string[]).includes(platform)) throw new UserError('cli:error.badPlatform', { platform });
  return platform as Platform;
}

function roleOption(value: string | undefined): Role {
  const role = requireOption(value, 'role');
  if (!(ROLES as readonly string[]).includes(role)) throw new UserError('cli:error.badRole', { role });
  return role as Role;
}

export const migrateCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {});
    const db = openCliDb(ctx, values.db);
    db.$client.close();
    ctx.io.out(ctx.t('cli:migrate.done', { path: values.db ?? ctx.config.ISOBOT_DB }));
    return 0;
  },
};

export const orgAddCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { code: { type: 'string' }, name: { type: 'string' } });
    const code = requireOption(values.code, 'code');
    const name = requireOption(values.name, 'name');
    const db = openCliDb(ctx, values.db);
    const org = addOrg(db, { code, name }, cliActor(ctx));
    if (values.json) printJson(ctx, org);
    else ctx.io.out(ctx.t('cli:org.added', { code: org.code, name: org.name }));
    return 0;
  },
};

export const orgListCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {});
    const orgs = listOrgs(openCliDb(ctx, values.db));
    if (values.json)
      printJson(
        ctx,
        orgs.map(({ id, code, name }) => ({ id, code, name })),
      );
    else if (orgs.length === 0) ctx.io.out(ctx.t('cli:org.none'));
    else
      formatTable(
        [ctx.t('cli:col.code'), ctx.t('cli:col.name')],
        orgs.map((o) => [o.code, o.name]),
      ).forEach(ctx.io.out);
    return 0;
  },
};

export const orgSettingsCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { org: { type: 'string' }, set: { type: 'string', multiple: true } });
    const db = openCliDb(ctx, values.db);
    const org = requireOrg(db, requireOption(values.org, 'org'));
    let stored = org.settings.schedule;
    if (values.set && values.set.length > 0) {
      const assigned = assignScheduleSettings(stored, values.set);
      if (!assigned.ok) throw new UserError('cli:error.badSettings', { detail: assigned.issues.join('; ') });
      setScheduleSettings(db, org.id, assigned.schedule, cliActor(ctx));
      stored = assigned.schedule;
    }
    const settings = describeScheduleSettings(parseScheduleSettings({ schedule: stored }).settings);
    if (values.json) printJson(ctx, settings);
    else
      formatTable(
        [ctx.t('cli:col.setting'), ctx.t('cli:col.value')],
        Object.entries(settings).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
      ).forEach(ctx.io.out);
    return 0;
  },
};

export const unitAddCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {
      org: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      alias: { type: 'string', multiple: true },
    });
    const input = {
      orgCode: requireOption(values.org, 'org'),
      code: requireOption(values.code, 'code'),
      name: requireOption(values.name, 'name'),
      aliases: values.alias ?? [],
    };
    const unit = addUnit(openCliDb(ctx, values.db), input, cliActor(ctx));
    if (values.json) printJson(ctx, unit);
    else ctx.io.out(ctx.t('cli:unit.added', { code: unit.code, name: unit.name, org: input.orgCode }));
    return 0;
  },
};

export const unitListCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { org: { type: 'string' } });
    const db = openCliDb(ctx, values.db);
    const org = requireOrg(db, requireOption(values.org, 'org'));
    const rows = listUnits(db, org.id);
    if (values.json)
      printJson(
        ctx,
        rows.map(({ code, name, aliases }) => ({ code, name, aliases })),
      );
    else if (rows.length === 0) ctx.io.out(ctx.t('cli:unit.none', { org: org.code }));
    else
      formatTable(
        [ctx.t('cli:col.code'), ctx.t('cli:col.name'), ctx.t('cli:col.aliases')],
        rows.map((u) => [u.code, u.name, u.aliases.join('; ')]),
      ).forEach(ctx.io.out);
    return 0;
  },
};

export const roleGrantCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {
      org: { type: 'string' },
      unit: { type: 'string' },
      platform: { type: 'string' },
      user: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
    });
    const input = {
      orgCode: requireOption(values.org, 'org'),
      unitCode: values.unit,
      platform: platformOption(values.platform),
      userId: requireOption(values.user, 'user'),
      role: roleOption(values.role),
      name: values.name,
    };
    if (!/^[A-Za-z0-9_.-]+$/u.test(input.userId)) throw new UserError('cli:error.badUserId', { user: input.userId });
    const { person, created } = grantRole(openCliDb(ctx, values.db), input, cliActor(ctx));
    if (values.json) printJson(ctx, { personId: person.id, created, ...input });
    else ctx.io.out(ctx.t(created ? 'cli:role.granted' : 'cli:role.already', { ...input, unit: input.unitCode ?? '' }));
    return 0;
  },
};

export const chatBindCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {
      platform: { type: 'string' },
      chat: { type: 'string' },
      thread: { type: 'string' },
      org: { type: 'string' },
      unit: { type: 'string' },
    });
    const input = {
      platform: platformOption(values.platform),
      chatId: requireOption(values.chat, 'chat'),
      threadId: values.thread,
      orgCode: requireOption(values.org, 'org'),
      unitCode: values.unit,
    };
    // An id typed by hand must have the platform's form before it is stored.
    const profile = profileFor(input.platform);
    if (!profile.validChatId(input.chatId)) throw new UserError('cli:error.badChatId', { chat: input.chatId });
    if (!profile.validThreadId(input.threadId ?? ''))
      throw new UserError('cli:error.badThreadId', { thread: input.threadId });
    const { chat, org, unit } = bindChat(openCliDb(ctx, values.db), input, cliActor(ctx));
    if (values.json) printJson(ctx, chat);
    else if (unit) ctx.io.out(ctx.t('cli:chat.boundUnit', { chat: chat.chatId, unit: unit.name, org: org.code }));
    else ctx.io.out(ctx.t('cli:chat.boundOrg', { chat: chat.chatId, org: org.name }));
    return 0;
  },
};

export const backupCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { out: { type: 'string' } });
    const out = requireOption(values.out, 'out');
    const db = openCliDb(ctx, values.db);
    // SQLite's online backup API: a consistent copy even while the bot writes.
    await db.$client.backup(out);
    db.$client.close();
    ctx.io.out(ctx.t('cli:backup.done', { out }));
    return 0;
  },
};
