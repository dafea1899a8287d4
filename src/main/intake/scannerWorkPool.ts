// Works through a list of tasks that grows as it goes (folders add their entries), with at most N in progress.
// Workers pulling from one queue keep only N calls alive; starting a promise per entry kept 10,000 alive and
// spent most of the scan in the garbage collector.

export type EnqueueTasks<T> = (tasks: readonly T[]) => void

/**
 * Resolves when every task, including those added along the way, is done. When a task throws, no new task starts and
 * the promise rejects with that error once the tasks already running have returned, so nothing is left working.
 */
export function drainWorkPool<T>(
  initialTasks: readonly T[],
  maxWorkers: number,
  work: (task: T, enqueue: EnqueueTasks<T>) => Promise<void>
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let queue: T[] = [...initialTasks]
    let head = 0
    let busyWorkers = 0
    let failed = false
    let failure: unknown

    const enqueue: EnqueueTasks<T> = (tasks) => {
      for (const task of tasks) queue.push(task)
      startWorkers()
    }

    function startWorkers(): void {
      while (!failed && busyWorkers < maxWorkers && head < queue.length) {
        busyWorkers += 1
        void runWorker()
      }
      if (busyWorkers > 0) return
      if (failed) reject(failure)
      else if (head >= queue.length) resolve()
    }

    async function runWorker(): Promise<void> {
      try {
        while (!failed && head < queue.length) {
          const task = queue[head] as T
          head += 1
          // Read from `head` rather than shift()ed, so draining stays linear; drop what was read now and then.
          if (head >= 1024 && head * 2 >= queue.length) {
            queue = queue.slice(head)
            head = 0
          }
          await work(task, enqueue)
        }
      } catch (error) {
        if (!failed) failure = error
        failed = true
      } finally {
        busyWorkers -= 1
        startWorkers()
      }
    }

    startWorkers()
  })
}
