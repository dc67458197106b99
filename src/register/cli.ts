import type { Command } from 'commander';
import { registerImportCommand } from './import/cli.ts';
import { registerSearchCommand } from './search/cli.ts';

export function registerRegisterCommands(program: Command): void {
  const registerCommand = program.command('register').description('Melderegister: import and search.');
  registerSearchCommand(registerCommand);
  registerImportCommand(registerCommand);
}
