// Which caption files go with which video: `talk.mp4` takes `talk.en.srt`, `talk.eng.vtt`, `talk.English.srt` (and a
// bare `talk.vtt` when the batch names a default language), each with the KalturaLanguage value and caption format
// Kaltura expects. Anything that cannot be matched with certainty is skipped with a reason, never guessed.
import { basename, dirname, extname } from 'node:path'
import { KALTURA_LANGUAGES } from './kalturaLanguages'

/** KalturaCaptionType names (CaptionType.php): SRT = 1, WEBVTT = 3. */
export type CaptionFileFormat = 'SRT' | 'WEBVTT'

/** The caption files the uploader sends, by extension (lowercase). */
const CAPTION_EXTENSIONS: Readonly<Record<string, CaptionFileFormat>> = { '.srt': 'SRT', '.vtt': 'WEBVTT' }

export interface CaptionFile {
  videoPath: string
  captionPath: string
  /** Exactly a KalturaLanguage value, e.g. "English". */
  language: string
  format: CaptionFileFormat
}

export interface SkippedCaptionFile {
  captionPath: string
  reason: string
}

export interface CaptionMatching {
  captions: CaptionFile[]
  skipped: SkippedCaptionFile[]
}

export interface CaptionMatchingOptions {
  /** A KalturaLanguage value for captions whose name carries no language (`talk.vtt`); without it they are skipped. */
  defaultLanguage?: string
}

export function isCaptionFile(path: string): boolean {
  return CAPTION_EXTENSIONS[extname(path).toLowerCase()] !== undefined
}

/** Pairs caption files with the videos beside them (same folder). Paths are compared as given. */
export function matchCaptionFiles(videoPaths: readonly string[], captionPaths: readonly string[], options: CaptionMatchingOptions = {}): CaptionMatching {
  const videos = videosByStem(videoPaths)
  const skipped: SkippedCaptionFile[] = []
  const found: CaptionFile[] = []
  for (const captionPath of captionPaths) {
    const outcome = matchOne(videos, captionPath, options)
    if ('reason' in outcome) skipped.push(outcome)
    else found.push(outcome)
  }
  // Two files for the same video and language: which one is meant is not ours to guess.
  const sameTarget = new Map<string, CaptionFile[]>()
  for (const caption of found) {
    const key = `${caption.videoPath}\0${caption.language}`
    sameTarget.set(key, [...(sameTarget.get(key) ?? []), caption])
  }
  const captions: CaptionFile[] = []
  for (const caption of found) {
    const rivals = sameTarget.get(`${caption.videoPath}\0${caption.language}`)!
    if (rivals.length === 1) {
      captions.push(caption)
      continue
    }
    const others = rivals.filter((other) => other !== caption).map((other) => `'${basename(other.captionPath)}'`)
    const verb = others.length === 1 ? 'is' : 'are'
    skipped.push({ captionPath: caption.captionPath, reason: `${others.join(', ')} ${verb} also ${caption.language} for '${basename(caption.videoPath)}'; none was sent` })
  }
  return { captions, skipped }
}

/** The KalturaLanguage value a file-name token names: a code ("en", "eng", "en-US", "pt_BR") or a name ("english"). */
export function kalturaLanguageFor(token: string): string | undefined {
  const wanted = token.trim().toLowerCase().replace(/_/g, '-')
  if (wanted === '') return undefined
  const byCode = KALTURA_LANGUAGES.find((language) => language.codes.includes(wanted))
  if (byCode) return byCode.value
  const byName = KALTURA_LANGUAGES.find((language) => language.value.toLowerCase() === wanted)
  if (byName) return byName.value
  // A region Kaltura has no value for ("en-au") still names its language.
  const base = /^([a-z]{2,3})-[a-z0-9]{2,4}$/.exec(wanted)?.[1]
  return base === undefined ? undefined : KALTURA_LANGUAGES.find((language) => language.codes.includes(base))?.value
}

/** Videos by folder and lower-cased name without extension: a caption looks up its few possible stems, not every video. */
function videosByStem(videoPaths: readonly string[]): Map<string, VideoAt[]> {
  const byStem = new Map<string, VideoAt[]>()
  videoPaths.forEach((path, order) => {
    const key = `${dirname(path)}\0${videoStem(path).toLowerCase()}`
    byStem.set(key, [...(byStem.get(key) ?? []), { path, order }])
  })
  return byStem
}

/** A video and its place in the list given, so candidates are named in that order. */
interface VideoAt {
  path: string
  order: number
}

function matchOne(videos: ReadonlyMap<string, readonly VideoAt[]>, captionPath: string, options: CaptionMatchingOptions): CaptionFile | SkippedCaptionFile {
  const name = basename(captionPath)
  const format = CAPTION_EXTENSIONS[extname(name).toLowerCase()]
  if (!format) return { captionPath, reason: `'${name}' is not an .srt or .vtt caption file` }
  const withoutExtension = name.slice(0, -extname(name).length)
  // Names compare without case: on macOS and Windows "Talk.en.srt" and "talk.mp4" sit together as a pair. A video's
  // stem is the whole name or a part of it that ends before a dot ("talk" and "talk.part1" for "talk.part1.en").
  const lowered = withoutExtension.toLowerCase()
  const folder = dirname(captionPath)
  const found: VideoAt[] = []
  for (let end = lowered.length; end > 0; end = lowered.lastIndexOf('.', end - 1)) {
    found.push(...(videos.get(`${folder}\0${lowered.slice(0, end)}`) ?? []))
  }
  const candidates = found.sort((a, b) => a.order - b.order).map((video) => video.path)
  if (candidates.length === 0) return { captionPath, reason: `no video in this folder is named like '${name}' (e.g. talk.mp4 for talk.en.srt)` }
  if (candidates.length > 1) {
    const names = candidates.map((videoPath) => `'${basename(videoPath)}'`).join(' or ')
    return { captionPath, reason: `'${name}' could belong to ${names}; rename it to say which` }
  }
  const [videoPath = ''] = candidates
  const token = withoutExtension.slice(videoStem(videoPath).length + 1)
  if (token === '') {
    if (options.defaultLanguage === undefined) {
      return { captionPath, reason: `'${name}' does not say its language: name it like ${videoStem(videoPath)}.en${extname(name)}, or choose a default caption language` }
    }
    return { videoPath, captionPath, language: options.defaultLanguage, format }
  }
  const language = kalturaLanguageFor(token)
  if (language === undefined) return { captionPath, reason: `'${token}' in '${name}' is not a language Kaltura knows (use a code like en or eng, or a name like English)` }
  return { videoPath, captionPath, language, format }
}

function videoStem(videoPath: string): string {
  const name = basename(videoPath)
  return name.slice(0, name.length - extname(name).length)
}
