/**
 * How a rendered message leaves the Rathaus. The outbox knows only this interface: the default
 * file drop hands files to whatever collects them (an OSCI client, a Fachverfahren's import
 * directory, a courier for tests); a real OSCI/XTA transport (out of scope here) implements the
 * same send and returns the transport's own message reference.
 */
export interface OutgoingFile {
  messageId: string;
  kind: string;
  fileName: string;
  mediaType: string;
  content: Uint8Array;
  recipientName: string;
}

export interface Transport {
  /** Stored with each delivery attempt, e.g. file_drop, osci. */
  readonly name: string;
  /**
   * Hands the message over; resolves once it is durably out of our hands, with a reference the
   * recipient side knows it by. Throws on any failure — the outbox retries with backoff, so send
   * must be safe to repeat for the same messageId (same fileName: the receiver sees it once).
   */
  send(message: OutgoingFile): Promise<{ reference: string }>;
}
