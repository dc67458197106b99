// Real mail servers on loopback for tests (no mocks of SMTP or IMAP): smtp-server in process, Debian's dovecot as a child.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, Socket, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerEnvelope } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string | null; to: string[] };
  parsed: ParsedMail;
  raw: Buffer;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port> — put it in SMTP_URL. */
  url: string;
  host: string;
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the first n messages once they arrived; rejects after timeoutMs (default 5 s). */
  waitForMessages(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

function envelopeOf(envelope: SMTPServerEnvelope): ReceivedMail['envelope'] {
  return {
    from: envelope.mailFrom ? envelope.mailFrom.address : null,
    to: envelope.rcptTo.map((r) => r.address),
  };
}

/**
 * smtp-server on a free loopback port, authentication optional (any user and password is
 * accepted when a client sends them), no STARTTLS (its built-in certificate is self-signed and
 * the client would refuse it). Each mail is kept raw and parsed with mailparser.
 */
export async function startTestSmtpServer(options: { rejectRecipient?: (address: string) => boolean } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) { callback(null, { user: 'test' }); },
    // A mailbox that does not exist: the server answers RCPT TO with 550, as a real one does.
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address)) {
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => {
          messages.push({ envelope: envelopeOf(session.envelope), parsed, raw });
          for (const wake of waiters) wake();
          callback();
        }, (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });
  const host = '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    const net = server.listen(0, host, () => resolve((net.address() as AddressInfo).port));
  });
  server.on('error', () => { /* a client dropping mid-session is the client's test to judge */ });
  return {
    url: `smtp://${host}:${port}`,
    host,
    port,
    messages,
    waitForMessages(n, timeoutMs = 5_000) {
      if (messages.length >= n) return Promise.resolve(messages.slice(0, n));
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (messages.length < n) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(messages.slice(0, n));
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`The test SMTP server received ${messages.length} of ${n} mails within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface TestImapServer {
  /** imap://user:pass@127.0.0.1:<port>/INBOX — put it in IMAP_URL. */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** Puts a message into INBOX as a mail delivery would (IMAP APPEND), unread. */
  append(raw: string | Uint8Array, mailbox?: string): Promise<void>;
  stop(): Promise<void>;
}

export const dovecotBinary = '/usr/sbin/dovecot';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Who dovecot's processes run as. As root it refuses to run its login process as root, so Debian's own users serve. */
interface DovecotIdentity { loginUser: string; internalUser: string; mailUid: number; mailGid: number }

async function dovecotIdentity(): Promise<DovecotIdentity> {
  const me = userInfo();
  if (me.uid !== 0) return { loginUser: me.username, internalUser: me.username, mailUid: me.uid, mailGid: me.gid };
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = (name: string) => passwd.split('\n').map((l) => l.split(':')).find((f) => f[0] === name);
  const nobody = entry('nobody');
  if (!entry('dovenull') || !entry('dovecot') || !nobody) {
    throw new Error('The users dovecot, dovenull and nobody are missing: install Debian\'s dovecot-imapd (it creates them).');
  }
  return { loginUser: 'dovenull', internalUser: 'dovecot', mailUid: Number(nobody[2]), mailGid: Number(nobody[3]) };
}

function dovecotConfig(dir: string, port: number, who: DovecotIdentity): string {
  // Everything lives under dir (runtime sockets, maildirs, log); no syslog, no TLS, plaintext
  // logins allowed: a loopback server for one test file. Keys as in Dovecot 2.3 (Debian 12).
  return [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `log_path = ${dir}/dovecot.log`,
    `info_log_path = ${dir}/dovecot.log`,
    `mail_location = maildir:${dir}/mail/%u`,
    `default_internal_user = ${who.internalUser}`,
    `default_login_user = ${who.loginUser}`,
    `first_valid_uid = ${who.mailUid}`,
    `last_valid_uid = ${who.mailUid}`,
    'first_valid_gid = 0',
    'mail_privileged_group =',
    'namespace inbox {',
    '  inbox = yes',
    '  separator = /',
    '}',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${dir}/users`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%u ${dir}/users`,
    '}',
    'service imap-login {',
    '  chroot =',
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${port}`,
    '  }',
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    '}',
    'service anvil {',
    '  chroot =',
    '}',
    '',
  ].join('\n');
}

async function waitForPort(port: number, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  const log = existsSync(logFile) ? await readFile(logFile, 'utf8') : '';
  throw new Error(`dovecot did not listen on 127.0.0.1:${port} within ${timeoutMs} ms (exit code ${child.exitCode}).\n${log.slice(-2000)}`);
}

/**
 * Debian's dovecot (package dovecot-imapd) as the current user on a free loopback port, with a
 * maildir and one user in a temp folder; `.ci/run` installs it. Several test files may each run
 * one at the same time: ports and folders are their own.
 */
export async function startTestImapServer(): Promise<TestImapServer> {
  if (!existsSync(dovecotBinary)) {
    throw new Error(`${dovecotBinary} is missing: install Debian's dovecot-imapd (apt-get install dovecot-imapd); .ci/run does it.`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'bk-dovecot-'));
  const user = 'postfach';
  const password = randomBytes(9).toString('base64url');
  const who = await dovecotIdentity();
  await mkdir(join(dir, 'mail'));
  await mkdir(join(dir, 'home'));
  const usersFile = join(dir, 'users');
  await writeFile(usersFile, `${user}:{PLAIN}${password}:${who.mailUid}:${who.mailGid}::${dir}/home::\n`, { mode: 0o600 });
  if (userInfo().uid === 0) {
    // As root: the auth process (user dovecot) reads the users file; mail is stored as nobody.
    await chmod(dir, 0o755);
    await chown(join(dir, 'mail'), who.mailUid, who.mailGid);
    await chown(join(dir, 'home'), who.mailUid, who.mailGid);
    await chmod(usersFile, 0o644);
  }
  let child: ChildProcess | null = null;
  let port = 0;
  // A port found free can be taken by another test before dovecot binds it: try a few.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    port = await freePort();
    const conf = join(dir, 'dovecot.conf');
    await writeFile(conf, dovecotConfig(dir, port, who));
    child = spawn(dovecotBinary, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    try {
      await waitForPort(port, child, join(dir, 'dovecot.log'), 10_000);
      break;
    } catch (error) {
      child.kill('SIGKILL');
      child = null;
      if (attempt === 4) throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr}`, { cause: error });
    }
  }
  const running = child;
  if (!running) throw new Error('dovecot did not start');
  const host = '127.0.0.1';
  const server: TestImapServer = {
    url: `imap://${user}:${encodeURIComponent(password)}@${host}:${port}/INBOX`,
    host,
    port,
    user,
    password,
    async append(raw, mailbox = 'INBOX') {
      const client = new ImapFlow({ host, port, secure: false, auth: { user, pass: password }, logger: false });
      await client.connect();
      try {
        await client.append(mailbox, typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw), []);
      } finally {
        await client.logout();
      }
    },
    async stop() {
      if (running.exitCode === null) {
        const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
        running.kill('SIGTERM');
        const timer = setTimeout(() => running.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
  return server;
}
