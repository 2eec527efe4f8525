import { once } from 'node:events';

/** Writes `text`, waiting for the stream to drain when its buffer is full, so memory stays bounded. */
export async function writeOut(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Collects text into chunks of about `size` characters before writing them: one write per point would be slow. */
export class BufferedWriter {
  private parts: string[] = [];
  private length = 0;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly size = 1 << 16,
  ) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    await writeOut(this.out, text);
  }
}
