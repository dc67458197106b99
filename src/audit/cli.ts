import type { Command } from 'commander';

export function registerAuditCommands(program: Command): void {
  program.command('audit').description('Access log (§ 40 BMG): verify, retention.');
}
