import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { parseImapUrl } from './imap.ts';
import { referencesInSubject, threadIds } from './thread.ts';

describe('parseImapUrl', () => {
  it.each([
    ['imaps://postfach%40bochum.de:g%C3%BCltig%2F1@mail.bochum.de/INBOX', { host: 'mail.bochum.de', port: 993, secure: true, user: 'postfach@bochum.de', pass: 'gültig/1', path: 'INBOX' }],
    ['imap://intake:pw@127.0.0.1:1143/INBOX/Hausbesuch', { host: '127.0.0.1', port: 1143, secure: false, user: 'intake', pass: 'pw', path: 'INBOX/Hausbesuch' }],
    ['imap://intake:pw@mail.example', { port: 143, secure: false, path: 'INBOX' }],
    ['imaps://intake:pw@[::1]:993/Posteingang%20Hausbesuch', { host: '::1', port: 993, path: 'Posteingang Hausbesuch' }],
  ])('%s', (url, expected) => {
    expect(parseImapUrl(url)).toMatchObject(expected);
  });

  it('keys the mailbox by user, host and folder, and never shows the password', () => {
    const target = parseImapUrl('imaps://intake:geheim@mail.bochum.de:993/INBOX');
    expect(target.mailboxKey).toBe('intake@mail.bochum.de/INBOX');
    expect(target.redacted).not.toContain('geheim');
  });

  it.each(['imap://mail.bochum.de/INBOX', 'pop3://a:b@mail.bochum.de', 'kein url'])('refuses %s', (url) => {
    expect(() => parseImapUrl(url)).toThrow(AppError);
  });
});

describe('thread matching helpers', () => {
  it.each([
    ['AW: Ihr Hausbesuch [HB-7K2M-Q9A4]', ['HB-7K2M-Q9A4']],
    ['re: hb-7k2m-q9a* und HB-0000-000=', ['HB-7K2M-Q9A*', 'HB-0000-000=']],
    ['Hausbesuch HB-2026-00042 bitte', []],
    ['keine Nummer', []],
  ])('finds the references in "%s"', (subject, expected) => {
    expect(referencesInSubject(subject)).toEqual(expected);
  });

  it('lists the nearest message first: In-Reply-To, then References from the newest back', () => {
    expect(threadIds('<c@x>', ['<a@x>', '<b@x>', '<c@x>'])).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(threadIds(undefined, '<a@x> <b@x>')).toEqual(['<b@x>', '<a@x>']);
    expect(threadIds('kaputt', undefined)).toEqual([]);
  });
});
