// Chooses Kaltura categories by full name ("Lectures>2026"): a combobox (ARIA 1.2, list autocomplete) that searches
// the account's categories as the user types, the chosen ones as removable chips, and, only where the account may
// create categories, an unknown name offered as "Create …" (the engine makes it at upload time, level by level).
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react'
import { categoryNameProblem, CATEGORY_SEPARATOR } from '../../../shared/folderCategories'
import { useCategorySearch } from '../hooks/useCategorySearch'
import { useUploaderStore } from '../store/appStore'
import '../styles/picker.css'

interface CategoryPickerProps {
  label: string
  /** The chosen full names. */
  value: readonly string[]
  onChange(value: string[]): void
  /** One category only (a parent): choosing another replaces it. */
  single?: boolean
  hint?: ReactNode
  /** Shown in the empty box: what applies when nothing is chosen (the batch's categories, say). */
  placeholder?: string
}

interface Option {
  fullName: string
  create: boolean
}

/** Levels trimmed, as Kaltura keeps them; "" when a level is empty. */
function tidy(text: string): string {
  return text
    .split(CATEGORY_SEPARATOR)
    .map((level) => level.trim())
    .join(CATEGORY_SEPARATOR)
}

export function CategoryPicker({ label, value, onChange, single, hint, placeholder }: CategoryPickerProps): React.JSX.Element {
  const id = useId()
  const profileId = useUploaderStore((s) => s.activeProfileId)
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const search = useCategorySearch(profileId, text, open)
  const chosen = new Set(value.map((name) => name.toLowerCase()))

  const typed = tidy(text)
  // "Lectures>" asks for what is under Lectures: not a name of its own, so neither a problem nor one to create.
  const browsing = typed === '' || typed.endsWith(CATEGORY_SEPARATOR)
  const problem = browsing ? undefined : typed.split(CATEGORY_SEPARATOR).map(categoryNameProblem).find((p) => p !== undefined)
  const found = search.stage === 'found' ? search.result : null
  const options: Option[] = (found?.matches ?? []).filter((m) => !chosen.has(m.fullName.toLowerCase())).map((m) => ({ fullName: m.fullName, create: false }))
  // Kaltura compares full names without case: "lectures" is the existing "Lectures", not a new one.
  const known = typed !== '' && (found?.matches.some((m) => m.fullName.toLowerCase() === typed.toLowerCase()) ?? false)
  const answered = search.stage === 'found' && tidy(search.text) === typed
  const unknown = answered && !browsing && !known && !chosen.has(typed.toLowerCase())
  if (unknown && !problem && found?.canCreate === true) options.push({ fullName: typed, create: true })
  const expanded = open && options.length > 0
  const current = expanded && active >= 0 && active < options.length ? active : -1

  const pick = (option: Option): void => {
    onChange(single ? [option.fullName] : [...value, option.fullName])
    setText('')
    setActive(-1)
    // Closed until the user types or asks for the list again: an open list would cover what comes next.
    setOpen(false)
  }
  const remove = (name: string): void => onChange(value.filter((n) => n !== name))

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      setOpen(true)
      if (options.length === 0) return
      const step = e.key === 'ArrowDown' ? 1 : -1
      setActive((i) => (i < 0 ? (step > 0 ? 0 : options.length - 1) : (i + step + options.length) % options.length))
    } else if (e.key === 'Enter') {
      // Enter picks; it never submits the form around the picker.
      e.preventDefault()
      const option = current >= 0 ? options[current] : options.length === 1 ? options[0] : undefined
      if (option) pick(option)
    } else if (e.key === 'Escape' && (expanded || text !== '')) {
      // The listbox (then the text) goes first; the dialog closes only on an Escape with nothing to undo here.
      e.preventDefault()
      e.stopPropagation()
      if (expanded) setOpen(false)
      else setText('')
    } else if (e.key === 'Backspace' && text === '' && value.length > 0) {
      remove(value[value.length - 1]!)
    }
  }

  const status = statusText(search, { typed, unknown, problem, canCreate: found?.canCreate ?? null, shown: options.length, profileId })
  return (
    <div className="field picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      {value.length > 0 && (
        <ul className="chips" aria-label={`${label}: chosen`}>
          {value.map((name) => (
            <li key={name} className="chip">
              <span className="chip-text">{name}</span>
              <button type="button" className="chip-remove" aria-label={`Remove ${name}`} onClick={() => remove(name)}>
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="picker-box">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          aria-activedescendant={current >= 0 ? `${id}-option-${current}` : undefined}
          aria-describedby={[hint ? `${id}-hint` : '', `${id}-status`].filter(Boolean).join(' ')}
          autoComplete="off"
          value={text}
          placeholder={value.length === 0 ? placeholder : undefined}
          disabled={!profileId}
          maxLength={2000}
          onChange={(e) => {
            setText(e.target.value)
            setOpen(true)
            setActive(-1)
          }}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <ul id={`${id}-list`} role="listbox" aria-label={`${label}: suggestions`} className="picker-list" hidden={!expanded}>
          {options.map((option, i) => (
            <li
              key={`${option.create ? 'new' : 'old'}-${option.fullName}`}
              id={`${id}-option-${i}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'picker-option picker-option-active' : 'picker-option'}
              // Keeps the focus in the box, so a click does not close the list before it counts.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(option)}
            >
              {option.create ? (
                <>
                  Create <strong>{option.fullName}</strong>
                </>
              ) : (
                option.fullName
              )}
            </li>
          ))}
        </ul>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <p id={`${id}-status`} className={problem ? 'field-error picker-status' : 'field-hint picker-status'} aria-live="polite">
        {open || problem ? status : ''}
      </p>
    </div>
  )
}

interface StatusFacts {
  typed: string
  unknown: boolean
  problem: string | undefined
  canCreate: boolean | null
  shown: number
  profileId: string | null
}

/** The one line under the box: what the search found, or why a typed name cannot be used. */
function statusText(search: ReturnType<typeof useCategorySearch>, facts: StatusFacts): string {
  if (!facts.profileId) return 'Choose an account to search its categories.'
  if (facts.problem) return `"${facts.typed}" cannot be a category: ${facts.problem}.`
  if (search.stage === 'failed') return search.message
  if (search.stage !== 'found') return 'Searching…'
  if (facts.unknown && facts.canCreate === false) return `No category "${facts.typed}". This account may not create categories; choose an existing one.`
  if (facts.unknown && facts.canCreate === null) return `No category "${facts.typed}". Kaltura did not say whether this account may create one.`
  if (facts.shown === 0) return 'No categories match.'
  return facts.shown === 1 ? '1 suggestion.' : `${facts.shown} suggestions.`
}
