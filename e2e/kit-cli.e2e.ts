// The kit as a user runs it: the real command line as child processes. `buergerkoffer demo` is the
// Rathaus (the demo city on its embedded database), the dispatcher plans and confirms a tour over
// its API, `buergerkoffer kit pair` asks to be paired and prints the fingerprint, the admin
// approves, `buergerkoffer kit --port` serves the notebook; the officer logs in on the kit, loads
// the tour package, runs a Meldebescheinigung to completed, prints it and syncs. At the Rathaus
// (through its API only) the case is there once with the kit's number, and the certificate the kit
// printed verifies as genuine.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../src/demo/seed-demo.ts';

const bin = resolve('bin/buergerkoffer.js');
/** Generous under CI load: the demo seeds 20 000 residents before it serves (~40 s on a quiet machine). */
const demoStartMs = 300_000;
const kitStartMs = 120_000;

/** A port free on loopback right now (the OS picks it; the child binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

interface Child {
  process: ChildProcess;
  /** stdout and stderr so far, for the failure messages. */
  output(): string;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<string>;
}

/** `node bin/buergerkoffer.js <args>` with its own environment over this one's. */
function buergerkoffer(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, [bin, ...args], { cwd: resolve('.'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const exited = new Promise<string>((done) => child.once('exit', (code, signal) => done(signal ?? String(code))));
  return { process: child, output: () => output, exited };
}

/** Runs a command to its end; its output, or an error with the output when it fails or hangs. */
async function runToEnd(args: string[], env: Record<string, string>, timeoutMs: number): Promise<string> {
  const child = buergerkoffer(args, env);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  if (code !== '0') throw new Error(`buergerkoffer ${args.join(' ')} ended with ${code}:\n${child.output()}`);
  return child.output();
}

/** Polls the URL until it answers 200; fails early with the child's output when the child ends first. */
async function waitUntilAnswers(url: string, child: Child, timeoutMs: number): Promise<void> {
  let ended: string | null = null;
  void child.exited.then((code) => { ended = code; });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ended !== null) throw new Error(`the process ended (${ended}) before ${url} answered:\n${child.output()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Ends a child by its handle: SIGTERM (the commands close their databases), SIGKILL if it hangs. */
async function stop(child: Child | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 15_000);
  await child.exited;
  clearTimeout(timer);
}

type Headers = Record<string, string>;

/** Signs in over the API (at the Rathaus or on the kit): the cookie and CSRF token for further calls. */
async function apiSession(baseUrl: string, username: string): Promise<Headers> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: demoPassword }) });
  if (!response.ok) throw new Error(`login ${username} at ${baseUrl}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = await response.json() as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

/** A JSON call that must answer 200 (the method, path and answer in the failure message). */
async function call<T>(baseUrl: string, headers: Headers, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method, headers: method === 'GET' ? { cookie: headers.cookie! } : headers,
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 600)}`);
  return JSON.parse(text) as T;
}

interface Tour {
  id: string; date: string; kitId: string; kitName: string; status: string;
  officers: { id: string; name: string }[];
  stops: { requests: { id: string; reference: string; services: string[] }[] }[];
}
interface Visit { requestId: string; reference: string; personId: string | null; services: string[]; person: { id: string; familyName: string } | null }
interface CaseView {
  id: string; number: string; serviceId: string; state: string; version: number; outstandingCents: number;
  person: { id: string } | null;
  documents: { id: string; kind: string; code: string | null }[];
}

const berlinToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('buergerkoffer demo and buergerkoffer kit on the command line (child processes)', () => {
  const rathausDir = mkdtempSync(join(tmpdir(), 'bk-e2e-cli-rathaus-'));
  const kitDir = mkdtempSync(join(tmpdir(), 'bk-e2e-cli-kit-'));
  const rathausEnv: Record<string, string> = { DATA_DIR: rathausDir, BK_SECRET: 'e2e-kit-cli-rathaus-secret-0123456789abcdef', LOG_LEVEL: 'warn' };
  const kitEnv: Record<string, string> = { DATA_DIR: kitDir, BK_SECRET: 'e2e-kit-cli-kit-secret-0123456789abcdef01', LOG_LEVEL: 'warn' };
  let rathaus: Child | undefined;
  let kit: Child | undefined;
  let rathausUrl: string;
  let kitUrl: string;
  let tour: Tour;
  let officer: string;
  let officerOnKit: Headers;
  let visit: Visit;
  let kase: CaseView;
  let printedCode: string;
  /** The Monday of the coming week: in the future whatever day CI runs. */
  const weekStart = (() => {
    const date = new Date(`${berlinToday()}T12:00:00Z`);
    date.setUTCDate(date.getUTCDate() + ((8 - date.getUTCDay()) % 7 || 7));
    return date.toISOString().slice(0, 10);
  })();

  beforeAll(async () => {
    if (!existsSync(resolve('dist/web/index.html'))) {
      throw new Error('The web app is not built: run "npm run build" first (npm test does it).');
    }
    const port = await freePort();
    rathausUrl = `http://127.0.0.1:${port}`;
    rathausEnv.PORT = String(port);
    rathaus = buergerkoffer(['demo'], rathausEnv);
    await waitUntilAnswers(`${rathausUrl}/api/health`, rathaus, demoStartMs);
    expect(rathaus.output()).toContain(`Password: ${demoPassword}`);
  }, demoStartMs + 30_000);

  afterAll(async () => {
    if (process.env.BK_E2E_DEBUG) process.stdout.write(`--- demo ---\n${rathaus?.output()}\n--- kit ---\n${kit?.output()}\n`);
    await stop(kit);
    await stop(rathaus);
    rmSync(rathausDir, { recursive: true, force: true });
    rmSync(kitDir, { recursive: true, force: true });
  }, 60_000);

  it('the dispatcher plans the coming week and confirms a tour of a kit with a field officer and a resident to visit', async () => {
    const dispatcher = await apiSession(rathausUrl, 'disposition');
    const { week } = await call<{ week: { tours: Tour[] } }>(rathausUrl, dispatcher, 'POST', `/api/planning/weeks/${weekStart}/plan`, { seed: 1 });
    expect(week.tours.length, 'the plan of the demo week has tours').toBeGreaterThan(0);
    const officerName = (username: string) => demoAccounts.find((a) => a.username === username)!.displayName;
    const officers = demoAccounts.filter((a) => a.roles.includes('field_officer')).map((a) => a.username);
    // aussendienst's tour if there is one, else the first tour with a demo officer on its crew.
    const candidates = week.tours.filter((t) => t.stops.some((s) => s.requests.length > 0));
    const withOfficer = officers.flatMap((username) => candidates.filter((t) => t.officers.some((o) => o.name === officerName(username))).map((t) => ({ t, username })));
    expect(withOfficer.length, JSON.stringify(week.tours.map((t) => ({ date: t.date, kit: t.kitName, officers: t.officers })))).toBeGreaterThan(0);
    tour = withOfficer[0]!.t;
    officer = withOfficer[0]!.username;
    const confirmed = await call<{ tourId: string }>(rathausUrl, dispatcher, 'POST', `/api/planning/tours/${tour.id}/confirm`, {});
    expect(confirmed.tourId).toBe(tour.id);
  });

  it('`buergerkoffer kit pair` asks the Rathaus for pairing and prints the fingerprint; the admin approves the one with that fingerprint', async () => {
    const printed = await runToEnd(['kit', 'pair', '--rathaus', rathausUrl, '--kit', tour.kitName], kitEnv, 120_000);
    expect(printed).toContain(`Pairing requested for kit "${tour.kitName}"`);
    const fingerprint = /Fingerprint: (.+)/.exec(printed)?.[1]?.trim() ?? '';
    expect(fingerprint, printed).not.toBe('');
    const admin = await apiSession(rathausUrl, 'admin');
    const pairings = await call<{ pairingId: string; kitName: string; fingerprint: string; status: string }[]>(rathausUrl, admin, 'GET', '/api/kit-pairings');
    const pending = pairings.filter((p) => p.status === 'pending' && p.kitName === tour.kitName);
    expect(pending.map((p) => p.fingerprint)).toEqual([fingerprint]);
    const approved = await call<{ status: string }>(rathausUrl, admin, 'POST', `/api/kit-pairings/${pending[0]!.pairingId}/decision`, { decision: 'approve' });
    expect(approved.status).toBe('active');
  });

  it('`buergerkoffer kit --port` serves the notebook; the officer logs in on it and loads the day\'s tour package', async () => {
    const port = await freePort();
    kitUrl = `http://127.0.0.1:${port}`;
    kit = buergerkoffer(['kit', '--port', String(port)], kitEnv);
    await waitUntilAnswers(`${kitUrl}/api/kit-local/status`, kit, kitStartMs);
    await expect.poll(() => kit!.output(), { timeout: 10_000 }).toContain(`Kit "${tour.kitName}" ready at ${kitUrl}`);
    const status = await (await fetch(`${kitUrl}/api/kit-local/status`)).json() as { kitName: string; pairing: unknown };
    expect(status.kitName).toBe(tour.kitName);
    // The web app is served by the kit too (the officer opens it in the browser).
    const page = await fetch(`${kitUrl}/anmelden`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    officerOnKit = await apiSession(kitUrl, officer);
    const { loaded } = await call<{ loaded: { tourId: string; persons: number }[] }>(kitUrl, officerOnKit, 'POST', '/api/kit-local/packages', { date: tour.date });
    expect(loaded.map((p) => p.tourId)).toContain(tour.id);
    const { tour: onKit } = await call<{ tour: { id: string; stops: { visits: Visit[] }[] } }>(kitUrl, officerOnKit, 'GET', `/api/kit-local/tours/${tour.id}`);
    const visits = onKit.stops.flatMap((s) => s.visits).filter((v) => v.person !== null);
    expect(visits.length, JSON.stringify(onKit.stops)).toBeGreaterThan(0);
    // A visit that asks for a Meldebescheinigung if there is one, else the first person of the package.
    visit = visits.find((v) => v.services.includes('meldebescheinigung')) ?? visits[0]!;
  }, kitStartMs + 60_000);

  it('runs a Meldebescheinigung on the kit to completed through the case routes and prints the certificate', async () => {
    const path = (suffix = '') => `/api/cases/${kase.id}${suffix}`;
    kase = await call<CaseView>(kitUrl, officerOnKit, 'POST', '/api/cases', { serviceId: 'meldebescheinigung', personId: visit.person!.id, applicant: { kind: 'self' } });
    expect(kase).toMatchObject({ serviceId: 'meldebescheinigung', state: 'draft', person: { id: visit.person!.id } });
    kase = await call<CaseView>(kitUrl, officerOnKit, 'PATCH', path(), {
      version: kase.version, data: { kind: 'simple', extendedFields: [], authorisationChecked: false, purpose: 'general', purposeDetail: '' },
    });
    kase = await call<CaseView>(kitUrl, officerOnKit, 'POST', path('/capture'), { version: kase.version });
    if (kase.outstandingCents > 0) kase = await call<CaseView>(kitUrl, officerOnKit, 'POST', path('/payments'), { method: 'cash', amountCents: kase.outstandingCents });
    kase = await call<CaseView>(kitUrl, officerOnKit, 'POST', path('/complete'), { version: kase.version });
    expect(kase.state).toBe('completed');
    const certificate = kase.documents.find((d) => d.kind === 'meldebescheinigung');
    expect(certificate?.code, JSON.stringify(kase.documents)).toMatch(/^BK-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    printedCode = certificate!.code!;
    // On the kit's printer (the simulator the command uses without DEVICE_PRINTER).
    const job = await call<{ jobId: number; state: string }>(kitUrl, officerOnKit, 'POST', `/api/documents/${certificate!.id}/print`, { copies: 1 });
    expect(job.state).toBe('completed');
  }, 120_000);

  it('syncs with the Rathaus: the case is there once with the kit\'s number, completed, and the printed certificate verifies as genuine', async () => {
    // A round may stop short (uploads before the completion); the officer presses sync again until nothing is left.
    await expect.poll(async () => {
      const { report } = await call<{ report: { remaining: number; interruption: string | null } }>(kitUrl, officerOnKit, 'POST', '/api/kit-local/sync', {});
      return report;
    }, { timeout: 90_000, interval: 2_000 }).toMatchObject({ remaining: 0, interruption: null });
    const { status } = await call<{ status: { outbox: { counts: Record<string, number> } } }>(kitUrl, officerOnKit, 'POST', '/api/kit-local/sync', {});
    expect(status.outbox.counts).toMatchObject({ pending: 0, error: 0, needs_review: 0 });

    const clerk = await apiSession(rathausUrl, 'sachbearbeitung');
    const atRathaus = await call<CaseView & { state: string }>(rathausUrl, clerk, 'GET', `/api/cases/${kase.id}`);
    expect(atRathaus).toMatchObject({ id: kase.id, number: kase.number, serviceId: 'meldebescheinigung', state: 'completed', person: { id: visit.person!.id } });
    const { cases } = await call<{ cases: { id: string; number: string }[] }>(rathausUrl, clerk, 'GET', `/api/cases?personId=${visit.person!.id}&serviceId=meldebescheinigung`);
    expect(cases.filter((c) => c.number === kase.number).map((c) => c.id)).toEqual([kase.id]);
    expect(atRathaus.documents.find((d) => d.kind === 'meldebescheinigung')?.code).toBe(printedCode);

    const verified = await fetch(`${rathausUrl}/api/verify/${printedCode}`);
    expect(verified.status).toBe(200);
    expect(await verified.json()).toMatchObject({ status: 'genuine', code: printedCode, document: { kind: 'meldebescheinigung' } });
  }, 150_000);

  it('both commands end cleanly on SIGTERM; `buergerkoffer kit` starts again on its vault, still paired, with the package', async () => {
    const first = kit!;
    first.process.kill('SIGTERM');
    expect(await first.exited, first.output()).toBe('0');
    const port = Number(new URL(kitUrl).port);
    kit = buergerkoffer(['kit', '--port', String(port)], kitEnv);
    await waitUntilAnswers(`${kitUrl}/api/kit-local/status`, kit, kitStartMs);
    const status = await (await fetch(`${kitUrl}/api/kit-local/status`)).json() as { kitName: string; pairing: unknown; packages: { tourId: string }[] };
    expect(status).toMatchObject({ kitName: tour.kitName, pairing: 'active' });
    expect(status.packages.map((p) => p.tourId)).toContain(tour.id);
    const again = kit;
    again.process.kill('SIGTERM');
    expect(await again.exited, again.output()).toBe('0');
    rathaus!.process.kill('SIGTERM');
    expect(await rathaus!.exited, rathaus!.output()).toBe('0');
  }, kitStartMs + 60_000);
});
