// The command list loads each command's module only when it is used, and every listed command loads
// into a whole command: something to run or subcommands, under the name and summary the list gives it.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../electron/cli/command-list';
import { loadCommand } from '../../../electron/cli/framework';

describe('bidseal command list', () => {
  it('every command loads, keeps its listed name and summary, and runs or has subcommands', async () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of COMMANDS) {
      const full = await loadCommand(c);
      expect(full.name).toBe(c.name);
      expect(full.summary).toBe(c.summary);
      expect(full.load).toBeUndefined();
      expect(Boolean(full.run) || Boolean(full.subcommands?.length), c.name).toBe(true);
      expect(full.usage.startsWith(c.name), c.name).toBe(true);
    }
  });
});
