/**
 * The dispatcher's eligibility decision on a visit request: evaluated with the rule version in
 * force today, recorded with that version, the evidence seen and the reasons (the decision of
 * record; a new decision supersedes it), the request becomes eligible or denied, and a denial
 * gets its letter (visit_denial) naming the reasons and the alternatives. The dispatcher may
 * decide against the verdict, with a reason (hardship, a Bescheid still to come).
 */
import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { recordAccess } from '../../audit/record-access.ts';
import { issueDocuments } from '../../documents/issue-documents.ts';
import { issuedDocuments } from '../../documents/schema.ts';
import { actorName, type Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { getMunicipalityProfile } from '../../platform/tenancy/profile.ts';
import { registerToday } from '../../register/dates.ts';
import { institutions, residences } from '../../register/schema.ts';
import { recordRequestEvent } from '../events.ts';
import { assertVersion, inTransaction, loadRequest, requirePermission, type VisitRequestRow } from '../request-store.ts';
import { eligibilityDecisions, requestAttachments, requestCorrespondence, visitRequests } from '../schema.ts';
import { sendRequestMail } from '../mail/send-request-mail.ts';
import type { EvidenceSeen } from '../types.ts';
import { denialLetterRequest } from './denial-letter.ts';
import { activeEligibilityRuleSet } from './rule-sets.ts';
import { evaluateEligibility, evidenceKinds, type EligibilityFacts, type EligibilityVerdict } from './rules.ts';

export interface DecideEligibilityInput {
  requestId: string;
  evidence: EvidenceSeen[];
  /** Decide against (or explicitly for) the verdict of the rules; the reason is recorded and, for a denial, printed. */
  decision?: { outcome: 'eligible' | 'denied'; reason: string } | undefined;
  /** Internal note of the dispatcher (recorded, not printed). */
  note?: string | null | undefined;
  /** The request version the dispatcher looked at; a stale one answers 409. */
  version?: number | undefined;
}

export interface EligibilityDecisionResult {
  decisionId: string;
  outcome: 'eligible' | 'denied';
  /** The dispatcher decided otherwise than the rules' verdict. */
  overridden: boolean;
  verdict: EligibilityVerdict;
  ruleSet: { id: string; version: number; name: string };
  letterDocumentId: string | null;
  requestVersion: number;
  /** A denial's letter: mailed, or waiting to be printed. */
  letterSent?: 'email' | 'letter';
}

/** Request states a decision may be made (or remade) in. */
const decidable = new Set(['open', 'eligible', 'denied']);

export async function decideEligibility(ctx: AppContext, actor: Actor, input: DecideEligibilityInput): Promise<EligibilityDecisionResult> {
  requirePermission(actor, 'requests.decide');
  const evidence = cleanEvidence(input.evidence);
  const override = input.decision ? { outcome: input.decision.outcome, reason: input.decision.reason.trim() } : null;
  if (override && override.reason === '') {
    throw new AppError('DECISION_REASON_MISSING', 'A decision against or beside the rules needs a reason (decision.reason), e.g. "Härtefall: Bescheid über Pflegegrad 4 ist beantragt".', 400, {
      field: 'decision.reason', text: { de: 'Begründen Sie die abweichende Entscheidung.', en: 'Give the reason for the decision.' },
    });
  }
  const note = input.note?.trim() || null;
  const now = ctx.now();
  const today = registerToday(now);
  const municipalityId = actor.municipalityId;

  const decided = await inTransaction(ctx.database.db, async (tx) => {
    const request = await loadRequest(tx, municipalityId, input.requestId, true);
    assertVersion(request, input.version);
    if (!decidable.has(request.status)) {
      const how = request.status === 'draft'
        ? 'Complete the request first (subject, requester, services) and open it.'
        : request.status === 'planned' || request.status === 'confirmed'
          ? 'Take it off its tour first (cancel the visit), then decide again.'
          : 'It is closed; take a new request instead.';
      throw new AppError('REQUEST_NOT_DECIDABLE', `The request ${request.reference} is ${request.status}; eligibility cannot be decided now. ${how}`, 409, { status: request.status });
    }
    await assertAttachmentsOfRequest(tx, request, evidence);
    const ruleSet = await activeEligibilityRuleSet(tx, municipalityId, today);
    if (!ruleSet) {
      throw new AppError('ELIGIBILITY_NO_RULES', `No eligibility rule set is in force on ${today}. An admin stores one under Einstellungen → Hausbesuche (POST /api/eligibility-rule-sets).`, 409);
    }
    const facts = await factsOf(tx, actor, request, evidence, now);
    const verdict = evaluateEligibility(ruleSet.rules, facts);
    const ruled = verdict.eligible ? 'eligible' : 'denied';
    const outcome = override?.outcome ?? ruled;
    const overridden = outcome !== ruled;

    const reasonLines = [
      ...verdict.reasons.map((reason) => reason.de),
      ...(override ? [`${overridden ? 'Abweichende Entscheidung' : 'Begründung'}: ${override.reason}`] : []),
      ...(note ? [`Vermerk: ${note}`] : []),
    ];
    await tx.update(eligibilityDecisions).set({ current: false })
      .where(and(eq(eligibilityDecisions.requestId, request.id), eq(eligibilityDecisions.current, true)));
    const [decision] = await tx.insert(eligibilityDecisions).values({
      municipalityId,
      requestId: request.id,
      ruleSetId: ruleSet.id,
      ruleVersion: ruleSet.version,
      outcome,
      criteria: overridden ? ['override'] : outcome === 'eligible' ? verdict.criteriaMet : verdict.denialCodes,
      evidence,
      reasons: reasonLines.join('\n'),
      decidedBy: 'kind' in actor ? null : actor.userId,
      decidedByName: actorName(actor),
      decidedAt: now,
    }).returning({ id: eligibilityDecisions.id });
    if (!decision) throw new Error('eligibility_decision insert returned nothing');

    let letterDocumentId: string | null = null;
    if (outcome === 'denied') {
      const profile = await getMunicipalityProfile(tx, municipalityId);
      const officerName = 'kind' in actor ? profile.authorityName : actor.displayName;
      const letter = denialLetterRequest({
        reference: request.reference,
        subject: request.subject,
        requester: request.requester,
        ruleVersion: ruleSet.version,
        ruleName: ruleSet.name,
        ruleValidFrom: ruleSet.validFrom,
        criteria: ruleSet.rules.criteria.map((criterion) => criterion.label.de),
        reasons: override ? [override.reason] : verdict.results.map((result) => result.reason.de),
        alternatives: ruleSet.rules.alternatives,
        profile,
        date: today,
        officerName,
      });
      const [issued] = await issueDocuments(tx, ctx, {
        municipalityId, caseId: null, personId: request.personId, requests: [letter], at: now,
        issuedBy: { id: 'kind' in actor ? null : actor.userId, name: actorName(actor) },
      });
      letterDocumentId = issued?.id ?? null;
      await tx.update(eligibilityDecisions).set({ letterDocumentId }).where(eq(eligibilityDecisions.id, decision.id));
    }

    const [updated] = await tx.update(visitRequests)
      .set({ status: outcome, waitlistedAt: null, updatedAt: now, version: request.version + 1 })
      .where(eq(visitRequests.id, request.id)).returning({ version: visitRequests.version });
    await recordRequestEvent(tx, {
      municipalityId, requestId: request.id, kind: 'decided', actor, at: now,
      detail: {
        decisionId: decision.id, outcome, overridden, ruleSetId: ruleSet.id, ruleVersion: ruleSet.version,
        criteriaMet: verdict.criteriaMet, denialCodes: verdict.denialCodes, evidence: evidence.map((item) => item.kind),
        ...(override ? { reason: override.reason } : {}), ...(note ? { note } : {}),
      },
    });
    if (letterDocumentId) {
      await recordRequestEvent(tx, {
        municipalityId, requestId: request.id, kind: 'letter', actor, at: now,
        detail: { documentKind: 'visit_denial', documentId: letterDocumentId },
      });
    }
    return {
      request,
      result: {
        decisionId: decision.id, outcome, overridden, verdict,
        ruleSet: { id: ruleSet.id, version: ruleSet.version, name: ruleSet.name },
        letterDocumentId, requestVersion: updated?.version ?? request.version + 1,
      } satisfies EligibilityDecisionResult,
    };
  });
  const { request, result } = decided;
  if (result.letterDocumentId) {
    return { ...result, letterSent: await sendDenialLetter(ctx, actor, request, result.letterDocumentId) };
  }
  return result;
}

/**
 * The denial letter reaches the requester: by mail with the letter attached where they have an
 * address and want mail, otherwise it waits to be printed (correspondence channel letter, queued).
 * A mail that fails leaves the letter to print; the decision stands either way.
 */
async function sendDenialLetter(ctx: AppContext, actor: Actor, request: VisitRequestRow, documentId: string): Promise<'email' | 'letter'> {
  const { db } = ctx.database;
  const queueLetter = async () => {
    const recipient = [request.requester.organisation, request.requester.name, ...(request.requester.postalAddress ?? [])].filter(Boolean).join(', ');
    await db.insert(requestCorrespondence).values({
      municipalityId: request.municipalityId, requestId: request.id, kind: 'denial', channel: 'letter', recipient: recipient.slice(0, 300),
      subject: 'Ihre Anfrage nach einem Hausbesuch', documentId, status: 'queued', createdAt: ctx.now(),
    });
    return 'letter' as const;
  };
  const email = request.requester.email?.trim();
  if (!email || request.requester.preferredContact === 'letter') return queueLetter();
  try {
    const [document] = await db.select({ pdf: issuedDocuments.pdf }).from(issuedDocuments).where(eq(issuedDocuments.id, documentId)).limit(1);
    await sendRequestMail(ctx, actor, {
      requestId: request.id, kind: 'denial', subject: 'Ihre Anfrage nach einem Hausbesuch', documentId,
      text: [
        `Guten Tag ${request.requester.name},`, '',
        'leider können wir keinen Hausbesuch anbieten. Im Anhang finden Sie unser Schreiben mit den Gründen und den Möglichkeiten, die Sie stattdessen haben.', '',
        'Wenn sich etwas ändert – etwa ein höherer Pflegegrad festgestellt wird –, schreiben Sie uns gern wieder und nennen Sie das Zeichen.', '',
        'Mit freundlichen Grüßen', 'Ihr Bürgerbüro', '', '—', '',
        'Unfortunately we cannot offer a home visit. The attached letter gives the reasons and the alternatives.',
      ].join('\n'),
      attachments: document ? [{ filename: `Hausbesuch-${request.reference}.pdf`, contentType: 'application/pdf', content: document.pdf }] : [],
    });
    return 'email';
  } catch (error) {
    ctx.logger.warn({ err: error, requestId: request.id }, 'denial mail not sent; letter queued instead');
    return queueLetter();
  }
}

/**
 * The facts the rules need. Where the subject lives comes from the request's location (an
 * institution of the register's list) and, when the subject is matched, from the register's
 * current Hauptwohnung — a register read, logged like every other (§ 40 BMG).
 */
async function factsOf(tx: Db, actor: Actor, request: VisitRequestRow, evidence: EvidenceSeen[], now: Date): Promise<EligibilityFacts> {
  const location = request.location;
  if (location?.kind !== 'institution' || !location.institutionId) {
    return { institutionKind: null, residenceConfirmedByRegister: false, evidence };
  }
  const [institution] = await tx.select().from(institutions)
    .where(and(eq(institutions.id, location.institutionId), eq(institutions.municipalityId, request.municipalityId))).limit(1);
  if (!institution) return { institutionKind: null, residenceConfirmedByRegister: false, evidence };
  let confirmed = false;
  if (request.personId) {
    const today = registerToday(now);
    const [residence] = await tx.select({ id: residences.id }).from(residences).where(and(
      eq(residences.personId, request.personId),
      eq(residences.addressId, institution.addressId),
      eq(residences.kind, 'haupt'),
      lte(residences.movedIn, today),
      or(isNull(residences.movedOut), gt(residences.movedOut, today)),
    )).limit(1);
    confirmed = residence !== undefined;
    await recordAccess(tx, {
      municipalityId: request.municipalityId, actor, action: 'requests.eligibility.residence_check', dataCategories: ['addresses'],
      personIds: [request.personId], purpose: `Hausbesuch ${request.reference}`,
      details: { requestId: request.id, institutionId: institution.id, confirmed },
    }, now);
  }
  return { institutionKind: institution.kind, residenceConfirmedByRegister: confirmed, evidence };
}

function evidenceProblem(index: number, field: string, de: string, en: string): AppError {
  return new AppError('EVIDENCE_INVALID', `evidence.${index}.${field}: ${en}`, 400, { field: `evidence.${index}.${field}`, text: { de, en } });
}

/** Evidence as recorded: known kinds, grades 1–5, Merkzeichen as short marks; nothing else kept. */
export function cleanEvidence(evidence: EvidenceSeen[]): EvidenceSeen[] {
  if (evidence.length > 20) throw new AppError('EVIDENCE_INVALID', 'At most 20 pieces of evidence can be recorded with one decision.', 400, { field: 'evidence' });
  return evidence.map((item, index) => {
    if (!(evidenceKinds as readonly string[]).includes(item.kind)) {
      throw evidenceProblem(index, 'kind', `Unbekannte Art von Nachweis „${String(item.kind)}“; möglich: ${evidenceKinds.join(', ')}.`,
        `Unknown kind of evidence "${String(item.kind)}"; possible: ${evidenceKinds.join(', ')}.`);
    }
    const cleaned: EvidenceSeen = { kind: item.kind };
    if (item.pflegegrad !== undefined) {
      if (item.kind !== 'pflegegrad_bescheid' || !Number.isInteger(item.pflegegrad) || item.pflegegrad < 1 || item.pflegegrad > 5) {
        throw evidenceProblem(index, 'pflegegrad', 'Ein Pflegegrad (1 bis 5) gehört zu einem Pflegegrad-Bescheid.',
          'A Pflegegrad (1 to 5) belongs to a Pflegegrad Bescheid.');
      }
      cleaned.pflegegrad = item.pflegegrad;
    }
    if (item.merkzeichen !== undefined) {
      const marks = item.merkzeichen.map((mark) => mark.trim()).filter(Boolean);
      if (item.kind !== 'schwerbehindertenausweis' || marks.some((mark) => mark.length > 8)) {
        throw evidenceProblem(index, 'merkzeichen', 'Merkzeichen (z. B. aG, G, B, H, Bl) gehören zu einem Schwerbehindertenausweis.',
          'Merkzeichen (e.g. aG, G, B, H, Bl) belong to a Schwerbehindertenausweis.');
      }
      cleaned.merkzeichen = [...new Set(marks)];
    }
    if (item.attestsPermanentImmobility !== undefined) {
      if (item.kind !== 'aerztliches_attest') {
        throw evidenceProblem(index, 'attestsPermanentImmobility', 'Nur ein ärztliches Attest bescheinigt Immobilität.', 'Only an ärztliches Attest attests immobility.');
      }
      cleaned.attestsPermanentImmobility = item.attestsPermanentImmobility;
    }
    if (item.attachmentId !== undefined) cleaned.attachmentId = item.attachmentId;
    const note = item.note?.trim();
    if (note) cleaned.note = note.slice(0, 500);
    return cleaned;
  });
}

async function assertAttachmentsOfRequest(tx: Db, request: VisitRequestRow, evidence: EvidenceSeen[]): Promise<void> {
  for (const [index, item] of evidence.entries()) {
    if (item.attachmentId === undefined) continue;
    const rows = /^[0-9a-f-]{36}$/i.test(item.attachmentId)
      ? await tx.select({ id: requestAttachments.id }).from(requestAttachments)
        .where(and(eq(requestAttachments.id, item.attachmentId), eq(requestAttachments.requestId, request.id))).limit(1)
      : [];
    if (rows.length === 0) {
      throw evidenceProblem(index, 'attachmentId', `Die Anlage ${item.attachmentId} gehört nicht zur Anfrage ${request.reference}. Laden Sie den Nachweis zu dieser Anfrage hoch.`,
        `Attachment ${item.attachmentId} does not belong to request ${request.reference}. Upload the evidence to this request.`);
    }
  }
}
