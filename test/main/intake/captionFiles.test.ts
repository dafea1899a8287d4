// Caption files beside videos: which video each belongs to, its KalturaLanguage value and format, or why it is skipped.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isCaptionFile, kalturaLanguageFor, matchCaptionFiles } from '../../../src/main/intake/captionFiles'

const folder = join('/media', 'Lectures')
const at = (name: string, dir = folder): string => join(dir, name)

describe('matchCaptionFiles', () => {
  it('pairs talk.mp4 with talk.en.srt, talk.eng.vtt-style codes, full names and regions, each with the exact KalturaLanguage value', () => {
    const videos = [at('talk.mp4'), at('intro.mov'), at('panel.mkv'), at('keynote.mp4')]
    const { captions, skipped } = matchCaptionFiles(videos, [at('talk.en.srt'), at('intro.fra.vtt'), at('panel.English.srt'), at('keynote.pt_BR.vtt'), at('talk.he.vtt')])
    expect(skipped).toEqual([])
    expect(captions).toEqual([
      { videoPath: at('talk.mp4'), captionPath: at('talk.en.srt'), language: 'English', format: 'SRT' },
      { videoPath: at('intro.mov'), captionPath: at('intro.fra.vtt'), language: 'French', format: 'WEBVTT' },
      { videoPath: at('panel.mkv'), captionPath: at('panel.English.srt'), language: 'English', format: 'SRT' },
      { videoPath: at('keynote.mp4'), captionPath: at('keynote.pt_BR.vtt'), language: 'Portuguese (Brazil)', format: 'WEBVTT' },
      { videoPath: at('talk.mp4'), captionPath: at('talk.he.vtt'), language: 'Hebrew', format: 'WEBVTT' }
    ])
  })

  it('gives a bare talk.vtt the batch’s default language, and skips it with a reason when there is none', () => {
    expect(matchCaptionFiles([at('talk.mp4')], [at('talk.vtt')], { defaultLanguage: 'German' }).captions).toEqual([
      { videoPath: at('talk.mp4'), captionPath: at('talk.vtt'), language: 'German', format: 'WEBVTT' }
    ])
    const { captions, skipped } = matchCaptionFiles([at('talk.mp4')], [at('talk.vtt')])
    expect(captions).toEqual([])
    expect(skipped).toEqual([{ captionPath: at('talk.vtt'), reason: "'talk.vtt' does not say its language: name it like talk.en.vtt, or choose a default caption language" }])
  })

  it('skips an unknown language, a caption with no video, a caption two videos could claim, and files of another folder', () => {
    const videos = [at('talk.mp4'), at('talk.part2.mp4'), at('talk.en.mp4'), at('solo.mp4', join(folder, 'Week 1'))]
    const { captions, skipped } = matchCaptionFiles(videos, [at('talk.xx.srt'), at('missing.en.srt'), at('talk.en.srt'), at('solo.en.srt')])
    expect(captions).toEqual([])
    expect(skipped.map((skip) => skip.reason)).toEqual([
      "'xx' in 'talk.xx.srt' is not a language Kaltura knows (use a code like en or eng, or a name like English)",
      "no video in this folder is named like 'missing.en.srt' (e.g. talk.mp4 for talk.en.srt)",
      "'talk.en.srt' could belong to 'talk.mp4' or 'talk.en.mp4'; rename it to say which",
      "no video in this folder is named like 'solo.en.srt' (e.g. talk.mp4 for talk.en.srt)"
    ])
  })

  it('leaves talk.part2.en.srt alone while talk.mp4 and Talk.Part2.mp4 both fit its name; with one video it matches whatever the case', () => {
    const { captions, skipped } = matchCaptionFiles([at('talk.mp4'), at('Talk.Part2.mp4')], [at('talk.part2.en.srt')])
    expect(captions).toEqual([])
    expect(skipped[0]?.reason).toBe("'talk.part2.en.srt' could belong to 'talk.mp4' or 'Talk.Part2.mp4'; rename it to say which")
    const alone = matchCaptionFiles([at('Talk.Part2.mp4')], [at('talk.part2.EN.srt')])
    expect(alone.captions).toEqual([{ videoPath: at('Talk.Part2.mp4'), captionPath: at('talk.part2.EN.srt'), language: 'English', format: 'SRT' }])
  })

  it('skips two files that give the same video the same language (talk.en.srt and talk.eng.vtt), naming the other', () => {
    const { captions, skipped } = matchCaptionFiles([at('talk.mp4')], [at('talk.en.srt'), at('talk.eng.vtt'), at('talk.de.srt')])
    expect(captions).toEqual([{ videoPath: at('talk.mp4'), captionPath: at('talk.de.srt'), language: 'German', format: 'SRT' }])
    expect(skipped).toEqual([
      { captionPath: at('talk.en.srt'), reason: "'talk.eng.vtt' is also English for 'talk.mp4'; none was sent" },
      { captionPath: at('talk.eng.vtt'), reason: "'talk.en.srt' is also English for 'talk.mp4'; none was sent" }
    ])
  })
})

describe('kalturaLanguageFor and isCaptionFile', () => {
  it('reads ISO 639-1, 639-2/T and /B codes, names in any case and unknown regions of a known language', () => {
    expect(['en', 'ENG', 'english', 'fre', 'fra', 'iw', 'he', 'zh-tw', 'en-AU', 'en-NZ', 'de_CH', 'yue'].map(kalturaLanguageFor)).toEqual([
      'English', 'English', 'English', 'French', 'French', 'Hebrew', 'Hebrew', 'Taiwanese Mandarin', 'English (Australian)', 'English', 'German', 'Cantonese'
    ])
    expect(kalturaLanguageFor('klingon')).toBeUndefined()
    expect(kalturaLanguageFor('')).toBeUndefined()
  })

  it('knows .srt and .vtt in any case, nothing else', () => {
    expect(['a.srt', 'a.VTT', 'a.dfxp', 'a.txt', 'srt'].map(isCaptionFile)).toEqual([true, true, false, false, false])
  })
})
