// A real CUPS on loopback for tests (Debian's cups-daemon, cups-client, cups-filters): a private
// cupsd with its own ServerRoot in a temporary folder, queues that print into files.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer, Socket, type AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const cupsBinaries = {
  cupsd: '/usr/sbin/cupsd',
  lpadmin: '/usr/sbin/lpadmin',
  cupsdisable: '/usr/sbin/cupsdisable',
  cupsenable: '/usr/sbin/cupsenable',
  /** cups-filters: turns the PDF into the copies and pages the PDF queue writes out. */
  pdftopdf: '/usr/lib/cups/filter/pdftopdf',
} as const;

/** Why CUPS cannot run here, or undefined when the binaries are there. */
export function cupsMissing(): string | undefined {
  const missing = Object.values(cupsBinaries).filter((path) => !existsSync(path));
  if (missing.length === 0) return undefined;
  return `${missing.join(', ')} missing: install Debian's cups-daemon, cups-client and cups-filters (apt-get install -y cups-daemon cups-client cups-filters)`;
}

/**
 * Queue kinds: 'pdf' takes PDFs through cups-filters' pdftopdf (which makes the copies) and
 * writes a PDF, so a test can read back what arrived with pdftotext; 'no-pdf' only takes a
 * made-up format no filter produces, as a printer without PDF support.
 */
export type TestQueueKind = 'pdf' | 'no-pdf';

export interface TestQueueOptions {
  kind?: TestQueueKind;
  /** Every job waits on hold (job-hold-until indefinite) and never prints: a job that does not finish. */
  holdJobs?: boolean;
  /**
   * What CUPS does when a filter fails on a document: stop the queue (CUPS' default, what a
   * printer out of paper looks like to the driver) or abort just the job.
   */
  errorPolicy?: 'stop-printer' | 'abort-job';
}

export interface TestQueue {
  name: string;
  /** ipp://127.0.0.1:<port>/printers/<name> */
  url: string;
  /** The file the queue's device writes to. */
  outputPath: string;
  /** What the last job wrote. */
  readOutput(): Promise<Buffer>;
  /** Empties the output file (CUPS writes over it without truncating). */
  clearOutput(): Promise<void>;
}

export interface TestCups {
  host: string;
  port: number;
  dir: string;
  addQueue(name: string, options?: TestQueueOptions): Promise<TestQueue>;
  /** cupsdisable: the queue is stopped (state stopped, reason paused) and keeps jobs. */
  disable(name: string, reason?: string): Promise<void>;
  enable(name: string): Promise<void>;
  /** The self-signed certificate (PEM) cupsd presents on ipps://, made on the first TLS connection. */
  certificate(): Promise<string>;
  /** The daemon's error log, for a failing test's message. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

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

function waitForPort(port: number, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) {
        reject(new Error(`cupsd exited with code ${child.exitCode}: ${output()}`));
        return;
      }
      const socket = new Socket();
      socket.once('connect', () => { socket.destroy(); resolve(); });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() - started > timeoutMs) reject(new Error(`cupsd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms: ${output()}`));
        else setTimeout(attempt, 50);
      });
      socket.connect(port, '127.0.0.1');
    };
    attempt();
  });
}

/**
 * Who runs the filters. As root, cupsd refuses to run them as root and uses Debian's lp user,
 * which must be able to read the spool under the temporary folder; as anyone else, that user.
 */
function filterIdentity(): { user: string; group: string; systemGroup: string } {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim() || String(me.gid);
    return { user: me.username, group, systemGroup: group };
  }
  return { user: 'lp', group: 'lp', systemGroup: 'root' };
}

// Everything under dir, nothing in /etc/cups or /run/cups; no authentication on loopback, TLS only
// when a client asks (ipps://); no browsing; job data readable by the test (JobPrivate*), no web interface.
function cupsdConf(port: number): string {
  return [
    'LogLevel info',
    `Listen 127.0.0.1:${port}`,
    'ServerName 127.0.0.1',
    'ServerAlias *',
    'Browsing No',
    'BrowseLocalProtocols none',
    'DefaultAuthType None',
    'DefaultEncryption Never',
    'WebInterface No',
    'MaxJobs 0',
    'PreserveJobHistory Yes',
    '<Location />',
    '  Order allow,deny',
    '  Allow from 127.0.0.1',
    '</Location>',
    '<Policy default>',
    '  JobPrivateAccess all',
    '  JobPrivateValues none',
    '  SubscriptionPrivateAccess all',
    '  SubscriptionPrivateValues none',
    '  <Limit All>',
    '    Order deny,allow',
    '  </Limit>',
    '</Policy>',
    '',
  ].join('\n');
}

function cupsFilesConf(dir: string, who: { user: string; group: string; systemGroup: string }): string {
  return [
    'FileDevice Yes',
    `ServerRoot ${dir}/conf`,
    `RequestRoot ${dir}/spool`,
    `CacheDir ${dir}/cache`,
    `StateDir ${dir}/state`,
    `TempDir ${dir}/tmp`,
    `ErrorLog ${dir}/log/error_log`,
    `AccessLog ${dir}/log/access_log`,
    `PageLog ${dir}/log/page_log`,
    `Printcap ${dir}/state/printcap`,
    // cupsd makes a self-signed certificate here on the first ipps:// connection (TestCups.certificate).
    `ServerKeychain ${dir}/ssl`,
    `User ${who.user}`,
    `Group ${who.group}`,
    `SystemGroup ${who.systemGroup}`,
    '',
  ].join('\n');
}

/** A PPD for a printer that takes PDF (cups-filters' pdftopdf prepares it: copies, pages) and duplex. */
function pdfPpd(model: string): string {
  return `*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "BKTEST.PPD"
*Manufacturer: "Buergerkoffer"
*Product: "(${model})"
*ModelName: "${model}"
*ShortNickName: "${model}"
*NickName: "${model}"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: True
*DefaultColorSpace: RGB
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*cupsVersion: 2.4
*cupsManualCopies: True
*cupsFilter2: "application/vnd.cups-pdf application/pdf 0 -"
*OpenUI *PageSize/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageSize
*DefaultPageSize: A4
*PageSize A4/A4: "<</PageSize[595 842]/ImagingBBox null>>setpagedevice"
*CloseUI: *PageSize
*OpenUI *PageRegion/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageRegion
*DefaultPageRegion: A4
*PageRegion A4/A4: "<</PageSize[595 842]/ImagingBBox null>>setpagedevice"
*CloseUI: *PageRegion
*DefaultImageableArea: A4
*ImageableArea A4/A4: "0 0 595 842"
*DefaultPaperDimension: A4
*PaperDimension A4/A4: "595 842"
*OpenUI *Duplex/2-Sided Printing: PickOne
*OrderDependency: 10 AnySetup *Duplex
*DefaultDuplex: None
*Duplex None/Off: "<</Duplex false>>setpagedevice"
*Duplex DuplexNoTumble/Long Edge: "<</Duplex true/Tumble false>>setpagedevice"
*Duplex DuplexTumble/Short Edge: "<</Duplex true/Tumble true>>setpagedevice"
*CloseUI: *Duplex
`;
}

/** The 'no-pdf' queue: its only input is a type that no filter makes (declared in the ServerRoot's local.types). */
function noPdfPpd(model: string): string {
  return pdfPpd(model).replace('*cupsFilter2: "application/vnd.cups-pdf application/pdf 0 -"', '*cupsFilter2: "application/vnd.buergerkoffer-test application/vnd.buergerkoffer-test 0 -"');
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${output.trim()}`));
    });
  });
}

/**
 * Starts a private cupsd on a free loopback port, in the foreground as a child of the test
 * process, and waits until it listens (well under a second). Rejects with the reason when the
 * binaries are missing or cupsd does not come up.
 */
export async function startTestCups(): Promise<TestCups> {
  const missing = cupsMissing();
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(join(tmpdir(), 'bk-cups-'));
  const who = filterIdentity();
  // The filters (as lp when root) read the spool and write temporary files below dir.
  await chmod(dir, 0o755);
  for (const sub of ['conf', 'conf/ppd', 'spool', 'cache', 'state', 'tmp', 'log', 'out', 'ppd-source', 'ssl']) await mkdir(join(dir, sub), { recursive: true });
  await chmod(join(dir, 'tmp'), 0o1777);
  await chmod(join(dir, 'out'), 0o755);
  const port = await freePort();
  await writeFile(join(dir, 'conf', 'cupsd.conf'), cupsdConf(port));
  await writeFile(join(dir, 'conf', 'cups-files.conf'), cupsFilesConf(dir, who));
  await writeFile(join(dir, 'conf', 'local.types'), 'application/vnd.buergerkoffer-test\n');

  let output = '';
  const child = spawn(cupsBinaries.cupsd, ['-f', '-c', join(dir, 'conf', 'cupsd.conf'), '-s', join(dir, 'conf', 'cups-files.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const errorLog = () => readFile(join(dir, 'log', 'error_log'), 'utf8').catch(() => '');
  // A test process that dies without stop() takes its cupsd along (the folder stays in tmp).
  const killOnExit = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
  process.once('exit', killOnExit);
  try {
    await waitForPort(port, child, 10_000, () => output.trim());
  } catch (error) {
    process.removeListener('exit', killOnExit);
    child.kill('SIGKILL');
    const log = await errorLog();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${error instanceof Error ? error.message : String(error)}${log ? `\n${log.slice(-2000)}` : ''}`, { cause: error });
  }

  const server = `127.0.0.1:${port}`;
  const cups: TestCups = {
    host: '127.0.0.1',
    port,
    dir,
    async addQueue(name, options = {}) {
      const kind = options.kind ?? 'pdf';
      if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`A CUPS queue name takes letters, digits, - and _: ${name}`);
      const outputPath = join(dir, 'out', `${name}.out`);
      // CUPS opens a file: device without O_CREAT: the file has to be there.
      await writeFile(outputPath, '');
      const ppd = join(dir, 'ppd-source', `${name}.ppd`);
      const model = kind === 'pdf' ? 'Buergerkoffer Test PDF Printer' : 'Buergerkoffer Test Printer without PDF';
      await writeFile(ppd, kind === 'pdf' ? pdfPpd(model) : noPdfPpd(model));
      await run(cupsBinaries.lpadmin, ['-h', server, '-p', name, '-E', '-v', `file:${outputPath}`, '-P', ppd,
        ...(options.holdJobs ? ['-o', 'job-hold-until-default=indefinite'] : []),
        ...(options.errorPolicy ? ['-o', `printer-error-policy=${options.errorPolicy}`] : [])]);
      return {
        name,
        url: `ipp://${server}/printers/${name}`,
        outputPath,
        readOutput: () => readFile(outputPath),
        clearOutput: () => truncate(outputPath, 0),
      };
    },
    disable: (name, reason) => run(cupsBinaries.cupsdisable, ['-h', server, ...(reason ? ['-r', reason] : []), name]),
    enable: (name) => run(cupsBinaries.cupsenable, ['-h', server, name]),
    async certificate() {
      const file = join(dir, 'ssl', '127.0.0.1.crt');
      if (!existsSync(file)) {
        await new Promise<void>((resolve) => {
          const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => { socket.end(); resolve(); });
          socket.once('error', () => resolve());
        });
      }
      return readFile(file, 'utf8');
    },
    log: errorLog,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
  return cups;
}
