// The one redaction rule: removes KS strings and secrets, in every spelling they travel in, from any text the client
// puts into an error and from every log line.

export const REDACTED = '[redacted]'

/** Each secret is removed in the spellings it can travel in: as is, base64 standard or URL-safe, URL-encoded. */
export function redact(text: string, secrets: readonly string[]): string {
  const spellings = new Set<string>()
  for (const secret of secrets) {
    if (secret.length === 0) continue
    spellings.add(secret)
    spellings.add(secret.replaceAll('-', '+').replaceAll('_', '/'))
    spellings.add(secret.replaceAll('+', '-').replaceAll('/', '_'))
    spellings.add(encodeURIComponent(secret))
  }
  // Longest first, so a secret that contains another is removed whole.
  let result = text
  for (const spelling of [...spellings].sort((a, b) => b.length - a.length)) {
    result = result.split(spelling).join(REDACTED)
  }
  // Belt and braces for values never registered: ks=… parameters and "ks"/"secret" JSON fields.
  return result
    .replace(/([?&;\s]ks=)[^&\s"]+/gi, `$1${REDACTED}`)
    .replace(/("(?:ks|secret|adminSecret|userSecret)"\s*:\s*")[^"]*"/gi, `$1${REDACTED}"`)
}

/** Redacts the secrets it knows, plus any extra ones found in the text being redacted. */
export type Redactor = (text: string, extraSecrets?: readonly string[]) => string

/** KSID carries the KS itself for a bad KS, or a reason word (EXPIRED, LOGOUT, …) that is safe to keep. */
const KS_REASON_WORD = /^[A-Z_]*$/

/**
 * Redacts an API error's message and args. Besides the known secrets, a KSID arg that is not a reason word is
 * treated as a KS (even one this client never issued) and removed from the message too.
 */
export function redactApiErrorText(
  message: string,
  args: Readonly<Record<string, string>>,
  redactor: Redactor
): { message: string; args: Record<string, string> } {
  const ksid = args['KSID']
  const extra = ksid !== undefined && !KS_REASON_WORD.test(ksid) ? [ksid] : []
  const redactedArgs: Record<string, string> = {}
  for (const [name, value] of Object.entries(args)) redactedArgs[name] = redactor(value, extra)
  return { message: redactor(message, extra), args: redactedArgs }
}
