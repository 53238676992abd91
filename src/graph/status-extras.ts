import { Injectable } from '@nestjs/common';

/** One section of /intelligent/status that a higher layer adds. */
export type StatusPart = () => unknown;

/**
 * Sections of /intelligent/status owned by layers above the graph (the per-context models of
 * contexts/): they register here, as the graph subscribes to the informers, so the controller
 * never imports upward.
 */
@Injectable()
export class StatusExtras {
  private readonly parts = new Map<string, StatusPart>();

  add(name: string, part: StatusPart): void {
    this.parts.set(name, part);
  }

  /** Every registered section by name, awaited. */
  async collect(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [name, part] of this.parts) out[name] = await part();
    return out;
  }
}
