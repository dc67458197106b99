/**
 * How changes reach the case data: a deep merge of plain objects where null deletes a key and
 * everything else (arrays included) replaces. The web client does the same in
 * web/src/pages/cases/form-model.ts#mergePatch, so what the form shows is what is stored.
 */
type Plain = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export function mergePatch(data: Plain, patch: Plain): Plain {
  const out: Plain = { ...data };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = mergePatch(out[key], value);
    else out[key] = value;
  }
  return out;
}

const attachmentRef = /\$attachment:(\d+)/g;

/**
 * Replaces `$attachment:N` in every string of a device action's data patch by the id of the
 * N-th attachment the action produced. A reference to an attachment the action did not return
 * is a programming error of the workflow, reported as such.
 */
export function resolveAttachmentRefs(value: unknown, ids: readonly string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(attachmentRef, (_, index: string) => {
      const id = ids[Number(index)];
      if (id === undefined) throw new Error(`device action refers to $attachment:${index}, but returned ${ids.length} attachment(s)`);
      return id;
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveAttachmentRefs(item, ids));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveAttachmentRefs(v, ids)]));
  return value;
}
