// A queued file's own entry details, edited from its detail panel before its entry is made: a blank field takes the
// batch's value (shown as the placeholder); main checks the values and refuses once the entry may exist.
import { useId, useState, type FormEvent } from 'react'
import { defaultTitle, type EntryFields } from '../../../shared/entryFields'
import type { FileDetails } from '../../../shared/ipc-contract'
import { ask } from '../uploader'
import { CategoryPicker } from './CategoryPicker'
import { categoryList } from './ScanFileEdits'
import { Field, FormFailure } from './Field'

interface Props {
  fileId: number
  /** The file's name: a blank title gives it without its extension. */
  name: string
  details: FileDetails
  onSaved(details: FileDetails): void
  onCancel(): void
}

export function FileFieldsForm({ fileId, name, details, onSaved, onCancel }: Props): React.JSX.Element {
  const own = details.own ?? {}
  const [title, setTitle] = useState(own.title ?? '')
  const [description, setDescription] = useState(own.description ?? '')
  const [tags, setTags] = useState(own.tags ?? '')
  const [categories, setCategories] = useState(categoryList(own.categories))
  const [saving, setSaving] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const descriptionId = useId()
  // The batch's values are what a blank field gives: the resolved ones where the file has none of its own.
  const batchValue = (key: 'description' | 'tags' | 'categories'): string => (own[key] === undefined ? details.fields[key] : '')

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setSaving(true)
    setFailure(null)
    const fields: EntryFields = { title, description, tags, categories: categories.join(',') }
    const result = await ask((u) => u['files:editFields']({ fileId, fields }))
    setSaving(false)
    if (result.ok) onSaved(result.value)
    else setFailure(result.message)
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <fieldset className="form-grid">
        <legend>Details for its entry</legend>
        <Field label="Title" value={title} placeholder={defaultTitle(name)} onChange={(e) => setTitle(e.target.value)} maxLength={256} data-autofocus />
        <Field label="Tags" value={tags} placeholder={batchValue('tags')} onChange={(e) => setTags(e.target.value)} hint="Separated by commas." maxLength={2000} />
        <div className="field field-wide">
          <label htmlFor={descriptionId}>Description</label>
          <textarea id={descriptionId} rows={2} value={description} placeholder={batchValue('description')} onChange={(e) => setDescription(e.target.value)} maxLength={5000} />
        </div>
        <div className="field-wide">
          <CategoryPicker label="Categories" value={categories} onChange={setCategories} placeholder={batchValue('categories')} hint="Left empty, the entry gets the batch's categories." />
        </div>
      </fieldset>
      <FormFailure message={failure} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          Save details
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
