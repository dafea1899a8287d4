// A file's folder as a category path under a chosen parent, with Kaltura's rules for category names.
import { describe, expect, it } from 'vitest'
import { categoryForFolder, categoryNameProblem } from '../../src/shared/folderCategories'

describe('categoryForFolder', () => {
  it('puts "Physics/Week 1" under "Lectures>2026" as "Lectures>2026>Physics>Week 1", with either slash', () => {
    expect(categoryForFolder('Lectures>2026', 'Physics/Week 1')).toEqual({ ok: true, fullName: 'Lectures>2026>Physics>Week 1' })
    expect(categoryForFolder('Lectures>2026', 'Physics\\Week 1\\')).toEqual({ ok: true, fullName: 'Lectures>2026>Physics>Week 1' })
  })

  it('files at the top of the drop go into the parent; with no parent they get no category; without a parent folders start at the root', () => {
    expect(categoryForFolder('Lectures', '')).toEqual({ ok: true, fullName: 'Lectures' })
    expect(categoryForFolder('Lectures', '.')).toEqual({ ok: true, fullName: 'Lectures' })
    expect(categoryForFolder('', '')).toEqual({ ok: true, fullName: '' })
    expect(categoryForFolder('', 'Event/Day 2/Camera B')).toEqual({ ok: true, fullName: 'Event>Day 2>Camera B' })
  })

  it('trims folder names as Kaltura trims category names (KalturaCategory.php:592-596)', () => {
    expect(categoryForFolder(' Lectures ', ' Physics /Week 1 ')).toEqual({ ok: true, fullName: 'Lectures>Physics>Week 1' })
  })

  it('refuses a folder name holding ",", "<" or ">", and says which folder and why', () => {
    expect(categoryForFolder('Lectures', 'Q1, Q2/Week 1')).toEqual({
      ok: false,
      message: 'The folder "Q1, Q2" cannot be a category name: Kaltura does not allow "," in a category name (it would change it to "_")'
    })
    expect(categoryForFolder('', 'a<b,c')).toEqual({
      ok: false,
      message: 'The folder "a<b,c" cannot be a category name: Kaltura does not allow "<" and "," in a category name (it would change them to "_")'
    })
    expect(categoryForFolder('', 'before>after')).toEqual({ ok: false, message: 'The folder "before>after" cannot be a category name: ">" separates category levels in Kaltura' })
  })

  it('refuses a folder over 200 bytes of UTF-8 even when it is under 200 characters, and an empty parent level', () => {
    const long = 'é'.repeat(101)
    expect(long.length).toBe(101)
    expect(categoryForFolder('Top', long)).toEqual({
      ok: false,
      message: `The folder "${long}" cannot be a category name: it is 202 bytes long and Kaltura allows 200 bytes (UTF-8) in a category name`
    })
    expect(categoryForFolder('Top', 'é'.repeat(100))).toEqual({ ok: true, fullName: `Top>${'é'.repeat(100)}` })
    expect(categoryForFolder('Lectures>>2026', 'x')).toEqual({ ok: false, message: 'The parent category "Lectures>>2026" cannot be used: a category name cannot be empty or only spaces' })
  })
})

describe('categoryNameProblem', () => {
  it('accepts ordinary names, spaces and punctuation other than "<", ">" and ","', () => {
    expect(['Week 1', 'Day 2 — Camera B', 'Q&A (live)', 'Ünïcödé'].map(categoryNameProblem)).toEqual([undefined, undefined, undefined, undefined])
    expect(categoryNameProblem('   ')).toBe('a category name cannot be empty or only spaces')
  })
})
