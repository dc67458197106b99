import type { VerificationResult } from './verify-document.ts';

/**
 * The public verify page: plain server-rendered German HTML (no JavaScript, no external
 * resources), in the spirit of KERN UX — clear status box, definition lists, one form. It shows
 * exactly what verifyDocument returns, nothing from the document itself.
 */

function escape(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const dateTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });

const styles = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Fira Sans", "Segoe UI", system-ui, sans-serif; font-size: 1.0625rem; line-height: 1.5; color: #171a2b; background: #f7f8fa; }
  header { background: #171a2b; color: #fff; padding: 0.75rem 1.25rem; }
  header p { margin: 0; font-weight: 600; }
  main { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
  h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 1rem; }
  h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; }
  .alert { border-left: 0.5rem solid; padding: 1rem 1.25rem; margin: 0 0 1.5rem; background: #fff; }
  .alert h2 { margin: 0 0 0.25rem; font-size: 1.25rem; }
  .alert p { margin: 0.25rem 0 0; }
  .alert-success { border-color: #00701a; background: #e8f5eb; }
  .alert-warning { border-color: #8a5300; background: #fff4e0; }
  .alert-danger { border-color: #b0002a; background: #fdecee; }
  dl { display: grid; grid-template-columns: minmax(9rem, 14rem) 1fr; gap: 0.5rem 1rem; margin: 0; background: #fff; padding: 1rem 1.25rem; border: 1px solid #d5d9e0; }
  dt { font-weight: 600; color: #3b4150; }
  dd { margin: 0; overflow-wrap: anywhere; }
  form { margin-top: 2.5rem; background: #fff; padding: 1rem 1.25rem; border: 1px solid #d5d9e0; }
  label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
  .hint { color: #3b4150; font-size: 0.9375rem; margin: 0 0 0.5rem; }
  input { font: inherit; padding: 0.5rem 0.75rem; border: 2px solid #3b4150; border-radius: 0.25rem; width: 14rem; max-width: 100%; text-transform: uppercase; }
  button { font: inherit; font-weight: 600; padding: 0.5rem 1.25rem; margin-left: 0.5rem; border: 2px solid #0b4fb4; border-radius: 0.25rem; background: #0b4fb4; color: #fff; cursor: pointer; }
  input:focus, button:focus { outline: 3px solid #f5b700; outline-offset: 2px; }
  @media (max-width: 30rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: 0.5rem; } button { margin: 0.5rem 0 0; } }
`;

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escape(title)} – Dokumentenprüfung</title>
<style>${styles}</style>
</head>
<body>
<header><p>Bürgerkoffer · Dokumentenprüfung</p></header>
<main>
${body}
</main>
</body>
</html>`;
}

function codeForm(code: string | null): string {
  return `<form method="get" action="/verify">
<label for="code">Prüfcode eingeben</label>
<p class="hint" id="code-hint">Der Prüfcode steht auf dem Dokument, z. B. BK-7K3M-Q9XZ.</p>
<input id="code" name="code" autocomplete="off" spellcheck="false" aria-describedby="code-hint" maxlength="20" value="${escape(code ?? '')}" required>
<button type="submit">Prüfen</button>
</form>`;
}

function definitionList(rows: [string, string][]): string {
  return `<dl>\n${rows.map(([term, value]) => `<dt>${escape(term)}</dt><dd>${escape(value)}</dd>`).join('\n')}\n</dl>`;
}

/** The form alone (GET /verify). */
export function renderVerifyForm(): string {
  return layout('Dokument prüfen', `<h1>Dokument prüfen</h1>
<p>Hier prüfen Sie, ob eine Bescheinigung mit Prüfcode echt ist. Scannen Sie den QR-Code auf dem Dokument oder geben Sie den Prüfcode ein.</p>
${codeForm(null)}`);
}

export function renderVerifyPage(result: VerificationResult, typed: string): string {
  const { document } = result;
  const codeShown = result.code ?? typed;
  if (result.status === 'unknown' || !document) {
    const body = result.status === 'token_mismatch'
      ? `<div class="alert alert-danger" role="alert"><h2>Prüfung fehlgeschlagen</h2>
<p>Der QR-Code passt nicht zum Prüfcode ${escape(codeShown)}. Das Dokument wurde möglicherweise verändert oder gefälscht.</p>
<p>Verlassen Sie sich nicht auf dieses Dokument. Wenden Sie sich an die ausstellende Behörde.</p></div>`
      : `<div class="alert alert-danger" role="alert"><h2>Prüfcode unbekannt</h2>
<p>${result.code ? `Zum Prüfcode ${escape(result.code)} gibt es kein Dokument.` : `„${escape(typed)}“ ist kein gültiger Prüfcode (Tippfehler?).`}</p>
<p>Prüfen Sie die Eingabe. Ein Prüfcode hat die Form BK-XXXX-XXXX; die Buchstaben I, L, O und U kommen nicht vor.</p></div>`;
    return layout('Prüfung fehlgeschlagen', `<h1>Ergebnis der Prüfung</h1>\n${body}\n${codeForm(result.code)}`);
  }

  const facts = definitionList([
    ['Dokument', document.title],
    ['Ausgestellt von', document.issuer],
    ['Ausgestellt am', dateTime.format(new Date(document.issuedAt))],
    ['Prüfcode', codeShown],
  ]);
  if (result.status === 'revoked') {
    const revokedOn = document.revokedAt ? dateOnly.format(new Date(document.revokedAt)) : '';
    return layout('Dokument widerrufen', `<h1>Ergebnis der Prüfung</h1>
<div class="alert alert-warning" role="alert"><h2>Dokument widerrufen</h2>
<p>Dieses Dokument wurde ausgestellt, ist aber seit dem ${escape(revokedOn)} nicht mehr gültig${document.revocationReason ? ` (Grund: ${escape(document.revocationReason)})` : ''}.</p></div>
${facts}
${codeForm(result.code)}`);
  }
  const how = result.tokenChecked
    ? 'Die digitale Signatur im QR-Code ist gültig.'
    : 'Geprüft wurde der eingegebene Prüfcode. Vergleichen Sie die Angaben unten genau mit dem Dokument.';
  return layout('Dokument echt', `<h1>Ergebnis der Prüfung</h1>
<div class="alert alert-success" role="status"><h2>Dokument echt</h2>
<p>Dieses Dokument wurde von ${escape(document.issuer)} ausgestellt. ${escape(how)}</p></div>
${facts}
<h2>Bescheinigte Angaben</h2>
<p>Die Angaben müssen mit dem Dokument übereinstimmen. Weicht etwas ab, ist das Dokument verändert worden.</p>
${definitionList((document.certifies ?? []).map((field) => [field.label, field.value]))}
${codeForm(result.code)}`);
}
