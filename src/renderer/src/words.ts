// Counting words the same way everywhere: "1 file", "10,000 files".
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}
