import { Option, type Command } from 'commander';
import { withAppContext } from '../cli/context.ts';
import { AppError } from '../platform/errors.ts';
import { resolveMunicipality, type Municipality } from '../platform/tenancy/municipalities.ts';
import { assertPasswordPolicy, passwordMinLength } from './passwords.ts';
import { roles, type Role } from './policies.ts';
import type { SystemActor } from './principal.ts';
import {
  createStaffUser, findStaffUserByUsername, getStaffUser, listStaffUsers, removeSecondFactor, resetStaffPassword, type StaffUserView,
} from './users.ts';

const municipalityOption = () => new Option('--municipality <AGS>', 'Gemeindeschlüssel of the municipality (8 digits); needed only when the database holds several');
const passwordStdinOption = () => new Option('--password-stdin', 'read the password from standard input (for scripts: printf %s "$PW" | …) instead of asking twice on the terminal');

export function registerIdentityCommands(program: Command): void {
  const user = program.command('user')
    .description('Staff accounts: create, list, set a new password, remove a second factor.');

  user.command('add')
    .description('Create a staff account. The password is asked twice on the terminal (hidden), or read with --password-stdin.')
    .argument('<username>', '2–64 characters from a–z, 0–9, ".", "_", "-" (stored in lower case), e.g. a.schmidt')
    .addOption(new Option('--role <role...>', 'one or more roles').choices(roles).makeOptionMandatory())
    .option('--name <display name>', 'name shown in the office app (default: the username)')
    .option('--email <address>', 'email address')
    .addOption(municipalityOption())
    .addOption(passwordStdinOption())
    .addHelpText('after', `
The password needs at least ${passwordMinLength} characters. The user sets up the second factor (TOTP) after the first sign-in.

Examples:
  $ buergerkoffer user add a.schmidt --role admin --name "Anna Schmidt"
  $ printf %s "$PASSWORD" | buergerkoffer user add b.meier --role clerk dispatcher --email b.meier@bochum.de --password-stdin`)
    .action(async (username: string, options: { role: Role[]; name?: string; email?: string; municipality?: string; passwordStdin?: boolean }) => {
      const password = await readNewPassword(username, options.passwordStdin === true);
      await withAppContext(async (ctx) => {
        const municipality = await resolveMunicipality(ctx.database.db, options.municipality);
        const { id } = await createStaffUser(ctx, {
          municipalityId: municipality.id, username, displayName: options.name ?? username, email: options.email ?? null, password, roles: options.role,
        });
        const created = await getStaffUser(ctx, municipality.id, id);
        process.stdout.write(`Created staff user ${created.username} in ${municipality.name} (${municipality.ags}).\n${describeUser(created)}`);
      });
    });

  user.command('list')
    .description('List the staff accounts of a municipality.')
    .addOption(municipalityOption())
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { municipality?: string; json?: boolean }) => {
      await withAppContext(async (ctx) => {
        const municipality = await resolveMunicipality(ctx.database.db, options.municipality);
        const users = await listStaffUsers(ctx, municipality.id);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${users.length} staff user(s) in ${municipality.name} (${municipality.ags})\n`);
        if (users.length > 0) process.stdout.write(formatTable(users));
      });
    });

  user.command('password')
    .description('Set a new password for a staff account (also lifts a lockout and ends its sessions). For a locked-out administrator, too.')
    .argument('<username>', 'the account')
    .addOption(municipalityOption())
    .addOption(passwordStdinOption())
    .action(async (username: string, options: { municipality?: string; passwordStdin?: boolean }) => {
      const password = await readNewPassword(username, options.passwordStdin === true);
      await withAppContext(async (ctx) => {
        const municipality = await resolveMunicipality(ctx.database.db, options.municipality);
        const target = await findStaffUserByUsername(ctx, municipality.id, username);
        await resetStaffPassword(ctx, cliActor(municipality), target.id, password);
        process.stdout.write(`New password set for ${target.username}; their sessions were ended.\n`);
      });
    });

  user.command('remove-second-factor')
    .description('Remove the authenticator (TOTP) of a staff account, e.g. after a lost phone; the user can set up a new one after signing in.')
    .argument('<username>', 'the account')
    .addOption(municipalityOption())
    .action(async (username: string, options: { municipality?: string }) => {
      await withAppContext(async (ctx) => {
        const municipality = await resolveMunicipality(ctx.database.db, options.municipality);
        const target = await findStaffUserByUsername(ctx, municipality.id, username);
        await removeSecondFactor(ctx, cliActor(municipality), target.id);
        process.stdout.write(`Second factor of ${target.username} removed.\n`);
      });
    });
}

function cliActor(municipality: Municipality): SystemActor {
  return { kind: 'system', name: 'cli', municipalityId: municipality.id };
}

function describeUser(user: StaffUserView): string {
  return [
    `  id:            ${user.id}`,
    `  name:          ${user.displayName}`,
    `  email:         ${user.email ?? '—'}`,
    `  roles:         ${user.roles.join(', ')}`,
    `  second factor: ${user.hasSecondFactor ? 'active' : 'not set up (the user sets it up after signing in)'}`,
    '',
  ].join('\n');
}

function formatTable(users: StaffUserView[]): string {
  const rows = [
    ['USERNAME', 'NAME', 'ROLES', '2FA', 'STATUS'],
    ...users.map((u) => [
      u.username,
      u.displayName,
      u.roles.join(','),
      u.hasSecondFactor ? 'yes' : 'no',
      u.disabled ? 'disabled' : u.lockedUntil ? `locked until ${u.lockedUntil}` : 'active',
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

/** The new password: from stdin when asked to, else typed twice on a terminal. Never from an argument (shell history, ps). */
async function readNewPassword(username: string, fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const password = (await readAll(process.stdin)).replace(/\r?\n$/, '');
    assertPasswordPolicy(password);
    return password;
  }
  if (!process.stdin.isTTY) {
    throw new AppError('PASSWORD_INPUT_REQUIRED',
      'There is no terminal to ask for the password. Pipe it in and add --password-stdin, e.g.: printf %s "$PASSWORD" | buergerkoffer user add … --password-stdin');
  }
  const password = await promptHidden(`New password for ${username} (at least ${passwordMinLength} characters): `);
  assertPasswordPolicy(password);
  const repeated = await promptHidden('Repeat the password: ');
  if (repeated !== password) throw new AppError('PASSWORD_MISMATCH', 'The two passwords differ; nothing was changed. Run the command again.');
  return password;
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line in raw mode without echo, so the password never shows on screen or in scroll-back. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish();
          reject(new AppError('ABORTED', 'Aborted; nothing was changed.'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}
