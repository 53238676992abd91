import { availableParallelism, freemem, totalmem } from 'node:os';

/** Process CPU and memory readings; CPU as a rate between two readings. */
export class SystemProbe {
  private lastCpu = process.cpuUsage();
  private lastWall = process.hrtime.bigint();

  /** Process CPU since the previous call, in percent of all cores (0–100). */
  cpuPercent(): number {
    const cpu = process.cpuUsage();
    const wall = process.hrtime.bigint();
    const usedMicros = cpu.user - this.lastCpu.user + (cpu.system - this.lastCpu.system);
    const wallMicros = Number(wall - this.lastWall) / 1000;
    this.lastCpu = cpu;
    this.lastWall = wall;
    if (wallMicros <= 0) return 0;
    return Math.min(100, (100 * usedMicros) / (wallMicros * availableParallelism()));
  }

  /** System memory in use, percent (freemem counts reclaimable page cache as free on Linux). */
  memoryPercent(): number {
    const total = totalmem();
    return (100 * (total - freemem())) / total;
  }

  /** Resident set size of this process in MB. */
  rssMb(): number {
    return process.memoryUsage.rss() / (1024 * 1024);
  }
}
