/** Where stderr output goes: the real stream, or a test's capture. */
export interface TerminalStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * The one writer of stderr, shared by the log sink and the backfill progress bar. On a terminal
 * the bar is redrawn in place with `\r`; a log line written straight to stderr would land on the
 * bar's line and be overwritten by its next redraw. So a line clears the bar, prints, and the bar
 * is drawn again below it.
 */
export class Terminal {
  private bar: string | null = null;

  constructor(private readonly stream: TerminalStream) {}

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  /** A whole line (ending in a newline): a log line, or progress off a terminal. */
  line(text: string): void {
    if (this.bar === null) this.stream.write(text);
    else this.stream.write(`\r\u001b[K${text}\r${this.bar}\u001b[K`);
  }

  /** Draws the bar (a terminal only), replacing the one drawn before. */
  status(text: string): void {
    if (!this.isTTY) return;
    this.bar = text;
    this.stream.write(`\r${text}\u001b[K`);
  }

  /** Leaves the bar as drawn, as an ordinary line, and forgets it. */
  keepStatus(): void {
    if (this.bar === null) return;
    this.bar = null;
    this.stream.write('\n');
  }
}

export const stderrTerminal = new Terminal(process.stderr);
