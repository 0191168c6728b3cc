// One process per embedded database directory. PGlite has no inter-process lock, and two processes writing one
// directory lose each other's writes silently, so opening a directory takes a lock file naming this process.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { isErrnoException } from '../guards.ts'
import { t } from '../i18n/index.ts'

export class DatabaseInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(t('the embedded database {dir} is open in process {pid}', { dir, pid }).en)
    this.name = 'DatabaseInUseError'
  }
}

const LOCK_FILE = 'gateway.lock'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return isErrnoException(err) && err.code === 'EPERM'
  }
}

/** Takes the directory's lock, or throws DatabaseInUseError. A lock left by a dead process is taken over. */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE)
  for (let attempt = 1; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid }), { flag: 'wx' })
      break
    } catch (err) {
      if (!isErrnoException(err) || err.code !== 'EEXIST') throw err
      const holder = readHolder(file)
      if (holder !== undefined && alive(holder)) throw new DatabaseInUseError(dir, holder)
      if (attempt > 1) throw err
      rmSync(file, { force: true }) // left by a process that died (e.g. kill -9)
    }
  }
  return () => {
    if (readHolder(file) === process.pid) rmSync(file, { force: true })
  }
}

function readHolder(file: string): number | undefined {
  try {
    return Number(JSON.parse(readFileSync(file, 'utf8')).pid) || undefined
  } catch {
    return undefined
  }
}
