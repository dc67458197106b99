import type { Command } from 'commander';

export function registerIdentityCommands(program: Command): void {
  program.command('user').description('Staff accounts.');
}
