// A modal dialog on the native <dialog> element: focus stays inside, Escape closes it, and it is named by its heading.
import { useEffect, useId, useRef, type ReactNode } from 'react'

interface DialogProps {
  title: string
  onClose(): void
  children: ReactNode
  /** Wider layout for content with lists. */
  wide?: boolean
}

export function Dialog({ title, onClose, children, wide }: DialogProps): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const close = useRef(onClose)
  useEffect(() => {
    close.current = onClose
  }, [onClose])

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (!dialog.open) dialog.showModal()
    // showModal focuses the first control (the close button); a dialog may name a better first stop.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    // Escape fires 'cancel'; the parent decides whether the dialog goes away. Chromium may refuse the
    // preventDefault (repeated Escape without a click) and close anyway: 'close' keeps the state in step.
    const onCancel = (e: Event): void => {
      e.preventDefault()
      close.current()
    }
    const onClosed = (): void => close.current()
    dialog.addEventListener('cancel', onCancel)
    dialog.addEventListener('close', onClosed)
    return () => {
      dialog.removeEventListener('cancel', onCancel)
      dialog.removeEventListener('close', onClosed)
      if (dialog.open) dialog.close()
    }
  }, [])

  return (
    <dialog ref={ref} className={wide ? 'dialog dialog-wide' : 'dialog'} aria-labelledby={titleId}>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label={`Close ${title}`} onClick={() => close.current()}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  )
}
