/**
 * Disk spool of the InfluxDB writer (reliability-security §3.3 "InfluxDB down": telemetry spooled to a
 * bounded disk queue and back-filled). A FIFO of gzip'd JSON segment files under one folder, named by
 * a sortable sequence number and their point count, so a restart finds them again, in order, without
 * reading them. Segments may also be put back at the head (a batch that failed after newer points were
 * spilled), which keeps the replay in time order.
 *
 * Telemetry, not graded data: files are written without fsync.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Sequence numbers are offset so that head insertions stay positive and names sort as text. */
const BASE = 1_000_000_000_000;
const NAME = /^seg-(\d{16})-(\d+)\.json\.gz$/;

interface Segment {
  readonly seq: number;
  readonly points: number;
  readonly bytes: number;
  readonly file: string;
}

export class DiskSpool {
  readonly dir: string;
  private readonly maxBytes: number;
  private segments: Segment[] = [];
  private nextSeq = BASE;
  private headSeq = BASE;
  bytes = 0;
  points = 0;
  /** points dropped because the spool was full (oldest first) */
  dropped = 0;

  constructor(dir: string, maxBytes: number) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) {
      const m = NAME.exec(f);
      if (!m) continue;
      const file = join(dir, f);
      const seg = { seq: Number(m[1]), points: Number(m[2]), bytes: statSync(file).size, file };
      this.segments.push(seg);
    }
    this.segments.sort((a, b) => a.seq - b.seq);
    if (this.segments.length) {
      this.headSeq = this.segments[0]!.seq;
      this.nextSeq = this.segments[this.segments.length - 1]!.seq + 1;
    }
    for (const s of this.segments) {
      this.bytes += s.bytes;
      this.points += s.points;
    }
  }

  get length(): number {
    return this.segments.length;
  }

  private write(seq: number, points: number, body: unknown): Segment {
    const file = join(this.dir, `seg-${String(seq).padStart(16, '0')}-${points}.json.gz`);
    const data = gzipSync(JSON.stringify(body), { level: 1 });
    writeFileSync(file, data);
    return { seq, points, bytes: data.byteLength, file };
  }

  private added(seg: Segment): void {
    this.bytes += seg.bytes;
    this.points += seg.points;
  }

  /** Append a segment at the tail (newest). `protect` = segments at the head that must not be dropped. */
  append(points: number, body: unknown, protect = 0): void {
    const seg = this.write(this.nextSeq++, points, body);
    this.segments.push(seg);
    this.added(seg);
    this.enforceCap(protect);
  }

  /** Put a segment back at the head (oldest). */
  prepend(points: number, body: unknown): void {
    const seg = this.write(--this.headSeq, points, body);
    this.segments.unshift(seg);
    this.added(seg);
  }

  private enforceCap(protect: number): void {
    while (this.bytes > this.maxBytes && this.segments.length > protect + 1) {
      const [victim] = this.segments.splice(protect, 1);
      this.removeFile(victim!);
      this.dropped += victim!.points;
    }
  }

  private removeFile(s: Segment): void {
    rmSync(s.file, { force: true });
    this.bytes -= s.bytes;
    this.points -= s.points;
  }

  /** The oldest segment, read back (not removed). */
  peek(): { points: number; body: unknown } | undefined {
    const s = this.segments[0];
    if (!s) return undefined;
    try {
      return { points: s.points, body: JSON.parse(gunzipSync(readFileSync(s.file)).toString('utf8')) };
    } catch {
      // an unreadable segment (a crash mid-write): drop it and count it
      this.segments.shift();
      this.removeFile(s);
      this.dropped += s.points;
      return this.peek();
    }
  }

  /** Remove the oldest segment (after it was written to InfluxDB). */
  shift(): void {
    const s = this.segments.shift();
    if (s) this.removeFile(s);
    if (this.segments.length === 0) {
      this.headSeq = BASE;
      this.nextSeq = BASE;
    } else this.headSeq = this.segments[0]!.seq;
  }
}
