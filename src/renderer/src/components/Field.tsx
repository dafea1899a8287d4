// A labelled input with an optional hint and error, wired with aria-describedby and aria-invalid.
import { useId, type InputHTMLAttributes, type ReactNode } from 'react'

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string
  hint?: ReactNode
  error?: string | undefined
}

export function Field({ label, hint, error, className, ...input }: FieldProps): React.JSX.Element {
  const id = useId()
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...input} />
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          <span aria-hidden="true">! </span>
          {error}
        </p>
      )}
    </div>
  )
}

/** A checkbox with its label to the right, and an optional hint below that the checkbox is described by. */
export function Toggle({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange(checked: boolean): void; hint?: ReactNode }): React.JSX.Element {
  const id = useId()
  const toggle = (
    <label className="toggle">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      {label}
    </label>
  )
  if (!hint) return toggle
  return (
    <>
      {toggle}
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
    </>
  )
}

/** Why a whole form could not be saved or started, announced once: above the form's buttons. */
export function FormFailure({ message }: { message: string | null | undefined }): React.JSX.Element | null {
  if (!message) return null
  return (
    <p className="field-error form-failure" role="alert">
      <span aria-hidden="true">! </span>
      {message}
    </p>
  )
}
