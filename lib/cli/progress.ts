/** A one-line progress bar on stderr for long imports on a terminal. */
export function progressBar(label: string) {
  let last = 0;
  const draw = (fraction: number, rows: number) => {
    const width = 30;
    const filled = Math.round(fraction * width);
    process.stderr.write(`\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${rows} rows`);
  };
  return {
    update: (p: { bytes: number; size: number; rows: number }) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(p.size ? Math.min(1, p.bytes / p.size) : 0, p.rows);
    },
    done: () => { if (last) process.stderr.write("\r\x1b[K"); },
  };
}
