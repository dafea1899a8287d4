// A modal dialog on the native <dialog> element: focus stays inside, Escape closes it, focus goes back to what opened
// it, and it is named by its heading.
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
    // What opened the dialog gets focus back when it goes, by a button, Escape or its parent.
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null
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
    // The content can change under the focus (a form saved, a list shown instead): the focused control leaves the
    // page and focus would fall to the body. It stays in the dialog instead.
    const keepFocus = new MutationObserver(() => {
      if (dialog.open && (document.activeElement === document.body || document.activeElement === null)) firstStop(dialog)?.focus()
    })
    keepFocus.observe(dialog, { childList: true, subtree: true })
    return () => {
      keepFocus.disconnect()
      dialog.removeEventListener('cancel', onCancel)
      dialog.removeEventListener('close', onClosed)
      if (dialog.open) dialog.close()
      // Only if nothing else took the focus meanwhile (a control that replaced the one pressed, say).
      const lost = document.activeElement === document.body || document.activeElement === null || dialog.contains(document.activeElement)
      if (opener?.isConnected && lost) opener.focus()
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

/** Where focus goes when it was lost inside a dialog: the first control of its body, else its close button. */
function firstStop(dialog: HTMLDialogElement): HTMLElement | null {
  const focusable = 'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])'
  return dialog.querySelector<HTMLElement>(`.dialog-body :is(${focusable})`) ?? dialog.querySelector<HTMLElement>('.dialog-header button')
}
