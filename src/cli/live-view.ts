// A block of text kept at the bottom of a terminal and redrawn in place; other output to the stream is printed above it.
//
// redraw: move the cursor up over the last drawing (ESC[nA), clear to the end of the screen (ESC[0J), write the new text.
// While installed, the stream's write is wrapped so a console sink's rows land above the view instead of inside it.

/** The part of a tty stream the view uses (process.stdout). */
export interface ViewStream {
  write: (chunk: string | Uint8Array, ...rest: never[]) => boolean;
}

/**
 * @example
 * const view = new LiveView(process.stdout, () => renderProgressTable(...));
 * view.install(); view.refresh(); … view.uninstall();
 */
export class LiveView {
  private drawnLines = 0;
  private originalWrite: ViewStream['write'] | undefined;
  private drawing = false;

  constructor(private readonly stream: ViewStream, private readonly render: () => string) {}

  /** Wraps the stream's write so that other output goes above the view. */
  install(): void {
    if (this.originalWrite) return;
    const original = this.stream.write.bind(this.stream) as ViewStream['write'];
    this.originalWrite = original;
    const wrapped = (chunk: string | Uint8Array, ...rest: never[]): boolean => {
      if (this.drawing) return original(chunk, ...rest);
      this.erase();
      const result = original(chunk, ...rest);
      this.draw();
      return result;
    };
    this.stream.write = wrapped;
  }

  /** Redraws the view with fresh text. */
  refresh(): void {
    this.erase();
    this.draw();
  }

  /** Leaves the last drawing on screen and restores the stream's write. */
  uninstall(): void {
    if (!this.originalWrite) return;
    this.stream.write = this.originalWrite;
    this.originalWrite = undefined;
    this.drawnLines = 0;
  }

  private erase(): void {
    if (this.drawnLines === 0) return;
    this.raw(`\u001b[${this.drawnLines}A\r\u001b[0J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    const text = this.render();
    this.raw(text);
    this.drawnLines = text.split('\n').length - 1;
  }

  private raw(text: string): void {
    this.drawing = true;
    try {
      (this.originalWrite ?? this.stream.write.bind(this.stream))(text);
    } finally {
      this.drawing = false;
    }
  }
}
