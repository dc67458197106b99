import type { Command } from 'commander';

export function registerDemoCommand(program: Command): void {
  program.command('demo').description('Seed the demo city (Bochum) if needed and run the server.');
}
