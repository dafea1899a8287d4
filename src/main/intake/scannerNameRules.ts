// Names the scanner passes over before asking what they are: operating-system clutter and hidden items.

// Lower-cased, because Windows and macOS volumes compare names without case ("thumbs.db" is Thumbs.db).
const SYSTEM_NAMES: ReadonlySet<string> = new Set([
  '.ds_store',
  'thumbs.db',
  'ehthumbs.db',
  'ehthumbs_vista.db',
  'desktop.ini',
  'icon\r',
  '$recycle.bin',
  'recycler',
  'system volume information',
  '.trashes',
  '.spotlight-v100',
  '.fseventsd',
  '.documentrevisions-v100',
  '.temporaryitems',
  '.apdisk',
  '__macosx'
])

/** 'system' for OS clutter (checked first: ".DS_Store" is hidden too, but system says more), 'hidden' for dot-names. */
export function nameRuleFor(name: string): 'system' | 'hidden' | null {
  // "._clip.mp4" is macOS's AppleDouble sidecar for clip.mp4: resource-fork bytes, not a second video.
  if (name.startsWith('._') || SYSTEM_NAMES.has(name.toLowerCase())) return 'system'
  if (name.startsWith('.')) return 'hidden'
  return null
}
