/**
 * The public request form (channel web, no login): proof of work instead of a captcha, one use
 * per challenge, every problem with its field in German and English, the proof of authority
 * stored with the request (required for Betreuer and Bevollmächtigte), and an acknowledgement
 * mail with the reference and the status link when an email address was given. A mail that
 * fails does not lose the request: it is stored first, and the office sees the failed mail.
 */
import { lt } from 'drizzle-orm';
import type { SystemActor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { addRequestAttachment } from '../attachments.ts';
import { createVisitRequest } from '../create-request.ts';
import { sendRequestMail } from '../mail/send-request-mail.ts';
import { inTransaction } from '../request-store.ts';
import { spentChallenges } from '../schema.ts';
import type { AvailabilityWindow, RequestLocation, Requester, RequesterRelation, RequestSubject } from '../types.ts';
import { requestInvalid } from '../update-request.ts';
import { requestProblems, type RequestProblem } from '../validate-request.ts';
import { statusPath } from '../links.ts';
import { defaultPowBits, powKey, verifySolution, type PowSolution } from './pow.ts';

/** Largest proof of authority accepted from the web form (a scan or photo of a Vollmacht or Betreuerausweis). */
export const maxProofBytes = 10 * 1024 * 1024;
/** Relations that act for someone by law or by a Vollmacht: their authority must be shown. */
export const relationsNeedingProof: readonly RequesterRelation[] = ['betreuer', 'bevollmaechtigter'];

/** Who acts for the web form: a named system actor of the municipality. It only ever calls request use cases, never the register. */
/** The web form and the status link act for citizens: they may write their own request and mail about it, nothing else. */
export const portalActor = (municipalityId: string): SystemActor => ({ kind: 'system', name: 'Webformular', municipalityId, permissions: ['requests.write'] });

export interface WebRequestInput {
  solution: PowSolution;
  consent: boolean;
  requester: Requester;
  subject: RequestSubject;
  services: string[];
  location: RequestLocation;
  availability: AvailabilityWindow[];
  urgency: 'normal' | 'high' | 'urgent';
  urgencyReason?: string | null;
  neededBy?: string | null;
  notes?: string | null;
}

export interface ProofFile { filename: string; contentType: string; content: Uint8Array }

/** PDF, JPEG or PNG, told by the file's first bytes (the browser's content type is only a claim). */
export function proofType(content: Uint8Array): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => content[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}

const powMessages: Record<string, { de: string; en: string }> = {
  malformed: { de: 'Die Sicherheitsprüfung ist unvollständig. Laden Sie die Seite neu und senden Sie das Formular noch einmal.', en: 'The security check is incomplete. Reload the page and send the form again.' },
  signature: { de: 'Die Sicherheitsprüfung stammt nicht von diesem Server. Laden Sie die Seite neu.', en: 'The security check was not issued by this server. Reload the page.' },
  expired: { de: 'Die Sicherheitsprüfung ist abgelaufen (nach 10 Minuten). Senden Sie das Formular noch einmal; Ihre Eingaben bleiben erhalten.', en: 'The security check expired (after 10 minutes). Send the form again; your entries are kept.' },
  too_easy: { de: 'Die Sicherheitsprüfung ist veraltet. Senden Sie das Formular noch einmal.', en: 'The security check is out of date. Send the form again.' },
  insufficient_work: { de: 'Die Sicherheitsprüfung wurde nicht gelöst. Senden Sie das Formular noch einmal.', en: 'The security check was not solved. Send the form again.' },
};

function publicProblems(input: WebRequestInput, proof: ProofFile | null): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const add = (code: string, field: string, de: string, en: string) => problems.push({ code, field, message: { de, en } });
  if (!input.consent) add('CONSENT_MISSING', 'consent', 'Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben und mit der Verarbeitung Ihrer Angaben einverstanden sind.', 'Please confirm that you have read the privacy notice and agree to your data being processed.');
  if (!input.requester.email?.trim() && !input.requester.phone?.trim()) {
    add('REQUESTER_CONTACT_MISSING', 'requester.email', 'Geben Sie eine E-Mail-Adresse oder eine Telefonnummer an, damit wir Sie erreichen können.', 'Give an email address or a phone number so that we can reach you.');
  }
  if (!input.location.city.trim()) add('LOCATION_CITY_MISSING', 'location.city', 'Tragen Sie den Ort des Besuchs ein.', 'Enter the town of the visit.');
  if (!input.location.houseNumber.trim()) add('LOCATION_HOUSE_NUMBER_MISSING', 'location.houseNumber', 'Tragen Sie die Hausnummer des Besuchsorts ein.', 'Enter the house number of the place to visit.');
  if (relationsNeedingProof.includes(input.requester.relation) && !proof) {
    add('PROOF_MISSING', 'proof', 'Als Betreuerin/Betreuer oder Bevollmächtigte/r laden Sie bitte den Betreuerausweis oder die Vollmacht hoch (PDF, JPEG oder PNG).',
      'As a Betreuer or holder of a power of attorney, please upload the Betreuerausweis or the Vollmacht (PDF, JPEG or PNG).');
  }
  if (proof) {
    if (proof.content.byteLength === 0) add('PROOF_EMPTY', 'proof', 'Die hochgeladene Datei ist leer. Wählen Sie sie noch einmal aus.', 'The uploaded file is empty. Choose it again.');
    else if (proof.content.byteLength > maxProofBytes) add('PROOF_TOO_LARGE', 'proof', `Die Datei ist größer als ${maxProofBytes / 1024 / 1024} MB. Laden Sie einen kleineren Scan oder ein Foto hoch.`, `The file is larger than ${maxProofBytes / 1024 / 1024} MB. Upload a smaller scan or photo.`);
    else if (!proofType(proof.content)) add('PROOF_TYPE', 'proof', 'Die Datei ist kein PDF, JPEG oder PNG. Laden Sie den Nachweis in einem dieser Formate hoch.', 'The file is not a PDF, JPEG or PNG. Upload the proof in one of these formats.');
  }
  return problems;
}

export async function submitWebRequest(
  ctx: AppContext,
  municipalityId: string,
  input: WebRequestInput,
  proof: ProofFile | null,
): Promise<{ reference: string; statusUrl: string; statusToken: string; requestId: string; acknowledgement: 'sent' | 'failed' | 'none' }> {
  const now = ctx.now();
  const verdict = verifySolution(powKey(ctx.config.secret), input.solution, now, ctx.config.portalPowBits ?? defaultPowBits);
  if (!verdict.ok) {
    throw new AppError('POW_INVALID', `The proof of work was rejected (${verdict.reason}). Fetch a new challenge and send the form again.`, 400,
      { reason: verdict.reason, text: powMessages[verdict.reason] });
  }
  const requester: Requester = {
    ...input.requester,
    name: input.requester.name.trim(),
    email: input.requester.email?.trim() || undefined,
    phone: input.requester.phone?.trim() || undefined,
    postalAddress: (input.requester.postalAddress ?? []).map((l) => l.trim()).filter(Boolean),
  };
  const fields = {
    subject: input.subject, requester, services: [...new Set(input.services)], location: input.location, availability: input.availability,
    urgency: input.urgency, urgencyReason: input.urgencyReason?.trim() || null, neededBy: input.neededBy || null,
  };
  const problems = [...requestProblems(fields, { complete: true }), ...publicProblems({ ...input, requester }, proof)];
  if (problems.length > 0) throw requestInvalid(problems);

  const actor = portalActor(municipalityId);
  const created = await inTransaction(ctx.database.db, async (tx) => {
    await tx.delete(spentChallenges).where(lt(spentChallenges.expiresAt, now));
    const spent = await tx.insert(spentChallenges).values({ challengeHash: verdict.challengeHash, expiresAt: verdict.expiresAt })
      .onConflictDoNothing().returning({ challengeHash: spentChallenges.challengeHash });
    if (spent.length === 0) {
      throw new AppError('POW_SPENT', 'This proof of work was already used. Fetch a new challenge and send the form again.', 409, {
        text: { de: 'Diese Sicherheitsprüfung wurde schon verwendet. Senden Sie das Formular noch einmal.', en: 'This security check was already used. Send the form again.' },
      });
    }
    const request = await createVisitRequest(tx, actor, {
      ...fields, municipalityId, channel: 'web', status: 'open', notes: input.notes?.trim() || null,
    }, now);
    if (proof) {
      await addRequestAttachment(tx, {
        municipalityId, requestId: request.id, kind: 'authority_proof', filename: proof.filename || 'nachweis',
        contentType: proofType(proof.content)!, content: proof.content, source: 'portal',
      });
    }
    return request;
  });
  const statusUrl = `${ctx.config.publicUrl}${statusPath(created.statusToken)}`;
  let acknowledgement: 'sent' | 'failed' | 'none' = 'none';
  if (requester.email) {
    try {
      await sendRequestMail(ctx, actor, {
        requestId: created.id, kind: 'acknowledgement', subject: 'Ihre Anfrage für einen Hausbesuch ist eingegangen',
        text: acknowledgementText(requester.name, created.reference, input.subject, statusUrl),
      });
      acknowledgement = 'sent';
    } catch (error) {
      ctx.logger.warn({ err: error, requestId: created.id }, 'acknowledgement mail not sent');
      acknowledgement = 'failed';
    }
  }
  return { reference: created.reference, statusUrl, statusToken: created.statusToken, requestId: created.id, acknowledgement };
}

function acknowledgementText(name: string, reference: string, subject: RequestSubject, statusUrl: string): string {
  return [
    `Guten Tag ${name},`, '',
    `vielen Dank für Ihre Anfrage für einen Hausbesuch für ${subject.givenNames} ${subject.familyName}. Ihr Aktenzeichen lautet ${reference}; bitte nennen Sie es, wenn Sie uns anrufen oder schreiben.`, '',
    'Wir prüfen jetzt, ob ein Hausbesuch möglich ist, und melden uns bei Ihnen. Den Stand Ihrer Anfrage sehen Sie jederzeit hier (dort können Sie die Anfrage auch zurückziehen):', '',
    statusUrl, '',
    'Bitte geben Sie diesen Link nicht weiter: Wer ihn kennt, kann den Stand sehen und die Anfrage zurückziehen.', '',
    'Mit freundlichen Grüßen', 'Ihr Bürgerbüro', '', '—', '',
    `Thank you for your home-visit request. Your reference is ${reference}. You can follow and cancel your request at the link above; please keep it to yourself.`,
  ].join('\n');
}
