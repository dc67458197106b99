import type { Command } from 'commander';

export function registerRegisterCommands(program: Command): void {
  program.command('register').description('Melderegister: import and search.');
}
