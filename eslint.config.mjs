// Lint rules that keep the architecture honest (docs/ARCHITECTURE.md): Electron only in the shell and the preload,
// ipcMain and ipcRenderer each in their one file, and no `any`. test/architecture.test.ts checks every folder's
// imports as well; this runs the same boundary rules in the editor and in CI (`npm run lint`).
import tseslint from 'typescript-eslint'

const noElectron = { name: 'electron', message: 'Electron stays in src/main/shell, src/main/index.ts and src/preload (docs/ARCHITECTURE.md).' }
const noIpcMain = { name: 'electron', importNames: ['ipcMain'], message: 'ipcMain is used only in src/main/shell/ipcRegistration.ts.' }
const noIpcRenderer = { name: 'electron', importNames: ['ipcRenderer'], message: 'ipcRenderer is used only in src/preload/index.ts.' }

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'reports/**', 'test-results/**', '.cache/**'] },
  {
    files: ['src/**/*.{ts,tsx}', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error'
    }
  },
  {
    // Everywhere Electron may be imported, still only the one file for each IPC end.
    files: ['src/main/index.ts', 'src/main/shell/**/*.ts', 'src/preload/**/*.ts'],
    ignores: ['src/main/shell/ipcRegistration.ts', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noIpcMain, noIpcRenderer] }] }
  },
  {
    files: ['src/main/shell/ipcRegistration.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noIpcRenderer] }] }
  },
  {
    files: ['src/preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noIpcMain] }] }
  },
  {
    // The engine, journal, Kaltura client and everything else run under plain Node (and the renderer in a page).
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/index.ts', 'src/main/shell/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] }
  }
)
