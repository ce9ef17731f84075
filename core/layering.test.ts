import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

async function lintAs(fixture: string, filePath: string) {
  const code = readFileSync(new URL(`../fixtures/lint/${fixture}`, import.meta.url), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result.messages.map((m) => m.message);
}

describe('layer lint rules', () => {
  it('the pure part of core importing node:fs fails lint', async () => {
    expect(await lintAs('core/common/model/violates-purity.ts', 'core/common/model/violates-purity.ts')).toEqual([expect.stringContaining('core/common is pure')]);
  });

  it('the renderer importing electron fails lint', async () => {
    expect(await lintAs('renderer/src/violates-shell.ts', 'renderer/src/violates-shell.ts')).toEqual([expect.stringContaining('renderer/ never imports Electron')]);
  });

  it('core/node may import Node built-ins but not Electron', async () => {
    expect(await lintAs('core/common/model/violates-purity.ts', 'core/node/store/ok.ts')).toEqual([]);
    expect(await lintAs('renderer/src/violates-shell.ts', 'core/node/store/not-ok.ts')).toEqual([expect.stringContaining('core/ never imports Electron')]);
  });
});
