/**
 * Who signs a document and where its bytes come from. At the Rathaus (the default) the
 * municipality's own key signs and the Rathaus renders. On the kit, the tour package's delegated
 * key signs, and the kit tells its capture recorder what it issued. When the Rathaus replays a
 * kit's capture, it takes the documents the kit printed (same id, code, token and PDF) instead of
 * issuing new ones: the paper the citizen holds is the record.
 */
import type { KeyObject } from 'node:crypto';
import type { DocumentField } from '../cases/workflow.ts';
import type { Db } from '../platform/db/database.ts';

/** A document as issued, with everything another node needs to store it identically. */
export interface IssuedDocumentRecord {
  id: string;
  kind: string;
  title: string;
  issuedAt: string;
  /** Verification code and token of certificates; null for other documents. */
  code: string | null;
  token: string | null;
  /** The delegated key that signed the token (null: the municipality's own). */
  keyId: string | null;
  issuer: string | null;
  certifies: DocumentField[];
  pdf: Uint8Array;
}

/** A document the kit printed, as its capture event carries it (the PDF may be wiped on the kit by now). */
export type PrintedDocument = Omit<IssuedDocumentRecord, 'pdf'> & { pdf: Uint8Array | null };

export interface DocumentIssuance {
  /** The key for new verification tokens (default: the municipality's own, keyId null). */
  signer?: (db: Db, municipalityId: string, at: Date) => Promise<{ keyId: string | null; privateKey: KeyObject }>;
  /**
   * The documents of this step as the kit printed them, in the order the workflow asks for them.
   * `checkContent`: what they certify must be what the Rathaus derives from its own data now.
   */
  printed?: { documents: PrintedDocument[]; checkContent: boolean; verifyKey: (keyId: string) => Promise<KeyObject | null> };
  /** Told of every document issued (the kit puts them into its capture event). */
  issued?: (document: IssuedDocumentRecord) => void;
}
