/** The layer rules in eslint.config.js exist and bite: each forbidden import is reported where it is forbidden. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer rules', () => {
  it('adapters never import the command layer', async () => {
    const code = "import { handleIncoming } from '../../commands/index.ts';\nexport const h = handleIncoming;\n";
    expect(await ruleIds('src/platforms/telegram/bot.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('src/main.ts', code.replace('../../commands', './commands'))).toEqual([]);
  });

  it('only the outbox writer inserts outbox rows', async () => {
    const code = "import { insertOutboxRow } from '../store/outbox.ts';\nexport const i = insertOutboxRow;\n";
    expect(await ruleIds('src/commands/report.ts', code)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('src/delivery/outbox-writer.ts', code)).toEqual([]);
  });

  it('tables are still queried only in src/store', async () => {
    const code = "import { outbox } from '../../db/schema.ts';\nexport const o = outbox;\n";
    expect(await ruleIds('src/delivery/outbox-writer.ts', code)).toContain('@typescript-eslint/no-restricted-imports');
  });
});
