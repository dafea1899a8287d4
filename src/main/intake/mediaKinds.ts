// Which file extensions Kaltura ingests as video, audio or image, and the mediaType number each kind is created with.

import type { MediaKind } from '../../shared/uploads'

export type { MediaKind }

/** Kaltura's KalturaMediaType values for the kinds this app uploads. */
export const KALTURA_MEDIA_TYPE = { video: 1, image: 2, audio: 5 } as const satisfies Record<MediaKind, number>

// Generous on purpose: Kaltura transcodes almost anything ffmpeg reads, and a file wrongly left out is worse
// than one Kaltura later rejects with a clear error.
const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp4', 'm4v', 'm4p', 'mov', 'qt', 'avi', 'wmv', 'asf', 'flv', 'f4v', 'f4p', 'mkv', 'mk3d', 'webm',
  'mpg', 'mpeg', 'mpe', 'mpv', 'm1v', 'm2v', 'mp2', 'm2p', 'ts', 'mts', 'm2t', 'm2ts', 'vob',
  'evo', 'ogv', 'ogm', 'ogx', '3gp', '3gpp', '3g2', '3gp2', 'mxf', 'dv', 'dif', 'divx', 'xvid', 'rm', 'rmvb', 'rv',
  'h264', 'h265', '264', '265', 'hevc', 'avc', 'y4m', 'nut', 'nsv', 'amv', 'mjpg', 'mjpeg', 'gxf', 'r3d',
  'braw', 'wtv', 'dvr-ms', 'tod', 'mod', 'vro', 'trp', 'tp', 'bik', 'ivf', 'roq', 'drc', 'viv', 'av1'
])

const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp3', 'm4a', 'm4b', 'aac', 'adts', 'wav', 'wave', 'bwf', 'flac', 'ogg', 'oga', 'opus', 'spx', 'wma', 'aif',
  'aiff', 'aifc', 'amr', 'awb', 'ac3', 'eac3', 'ec3', 'dts', 'mka', 'mpa', 'mp1', 'm1a', 'm2a', 'ra',
  'au', 'snd', 'caf', 'ape', 'wv', 'tta', 'alac', 'gsm', 'voc', 'w64', 'rf64', 'mid', 'midi', 'kar',
  'xm', 's3m', 'it', 'weba', '3ga', 'qcp', 'vox', 'dsf', 'dff', 'mlp', 'thd', 'tak', 'shn', 'mpc', 'ofr'
])

const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  'jpg', 'jpeg', 'jpe', 'jfif', 'pjpeg', 'pjp', 'png', 'apng', 'gif', 'bmp', 'dib', 'tif', 'tiff', 'webp',
  'heic', 'heif', 'hif', 'avif', 'jxl', 'jp2', 'j2k', 'jpf', 'jpx', 'tga', 'dng', 'cr2',
  'cr3', 'nef', 'nrw', 'arw', 'srf', 'sr2', 'orf', 'rw2', 'raf', 'pef', 'srw', 'x3f', 'erf', 'kdc', 'dcr',
  'mrw', '3fr', 'exr', 'pcx', 'ppm', 'pgm', 'pbm', 'pnm', 'xbm', 'xpm', 'wbmp', 'jng'
])

const KIND_TABLES: ReadonlyArray<readonly [MediaKind, ReadonlySet<string>]> = [
  ['video', VIDEO_EXTENSIONS],
  ['audio', AUDIO_EXTENSIONS],
  ['image', IMAGE_EXTENSIONS]
]

/** The media kind a file name's extension announces (case-insensitive), or null when it is not media. */
export function mediaKindOf(fileName: string): MediaKind | null {
  const dot = fileName.lastIndexOf('.')
  // A leading dot alone (".mp4") is a hidden file's name, not an extension.
  if (dot <= 0 || dot === fileName.length - 1) return null
  const extension = fileName.slice(dot + 1).toLowerCase()
  for (const [kind, extensions] of KIND_TABLES) {
    if (extensions.has(extension)) return kind
  }
  return null
}
