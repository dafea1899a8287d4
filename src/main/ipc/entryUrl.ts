// The Kaltura Management Console address of an entry, built by main only (the renderer never names a URL).

const ENTRY_ID = /^\d+_[0-9a-z]{1,32}$/

export function entryUrl(serviceUrl: string, entryId: string): string {
  if (!ENTRY_ID.test(entryId)) throw new Error(`not an entry id: ${entryId}`)
  const service = new URL(serviceUrl)
  // Kaltura SaaS serves the console from kmc.kaltura.com; self-hosted deployments serve it beside the API.
  const base = /(^|\.)kaltura\.com$/i.test(service.hostname) ? 'https://kmc.kaltura.com' : service.origin
  return `${base}/index.php/kmcng/content/entries/entry/${encodeURIComponent(entryId)}/metadata`
}
