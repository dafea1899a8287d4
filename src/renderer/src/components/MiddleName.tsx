// A file name cut in the middle when it does not fit ("Lecture 2026-…-part 3.mp4"), so the end that tells takes
// apart (the part number, the extension) stays in view. The text is whole in the page: screen readers, search and
// copy read the full name; only the head's overflow is hidden.

/** Characters kept at the end whatever the width: enough for "-part 3.mp4" or "_v2_final.mov". */
const TAIL = 12

export function MiddleName({ name }: { name: string }): React.JSX.Element {
  if (name.length <= TAIL * 2) return <span className="middle-cut-head">{name}</span>
  return (
    <span className="middle-cut">
      <span className="middle-cut-head">{name.slice(0, -TAIL)}</span>
      <span className="middle-cut-tail">{name.slice(-TAIL)}</span>
    </span>
  )
}
