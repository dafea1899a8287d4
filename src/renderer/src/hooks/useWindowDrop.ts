// Makes the whole window a drop target: files dropped anywhere are scanned, and nothing dropped ever navigates the page.
import { useEffect } from 'react'
import { scanDroppedFiles } from '../actions/scanActions'
import { useUploaderStore } from '../store/appStore'

function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false
}

export function useWindowDrop(): void {
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; a depth count tells when the pointer really left.
    let depth = 0
    const setDragging = (dragging: boolean): void => {
      if (useUploaderStore.getState().dragging !== dragging) useUploaderStore.setState({ dragging })
    }
    const onEnter = (e: DragEvent): void => {
      if (!carriesFiles(e)) return
      depth++
      setDragging(true)
    }
    const onLeave = (e: DragEvent): void => {
      if (!carriesFiles(e)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) setDragging(false)
    }
    const onOver = (e: DragEvent): void => {
      // Without this the browser would open the file in the window.
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = carriesFiles(e) ? 'copy' : 'none'
    }
    const onDrop = (e: DragEvent): void => {
      e.preventDefault()
      depth = 0
      setDragging(false)
      const files = Array.from(e.dataTransfer?.files ?? [])
      if (files.length > 0) void scanDroppedFiles(files)
    }
    document.addEventListener('dragenter', onEnter)
    document.addEventListener('dragleave', onLeave)
    document.addEventListener('dragover', onOver)
    document.addEventListener('drop', onDrop)
    return () => {
      document.removeEventListener('dragenter', onEnter)
      document.removeEventListener('dragleave', onLeave)
      document.removeEventListener('dragover', onOver)
      document.removeEventListener('drop', onDrop)
    }
  }, [])
}
