import { availableParallelism, cpus, freemem, totalmem } from 'node:os';

/** Busy and total CPU time of the whole machine since boot, in ms, from /proc/stat (os.cpus()). */
function machineCpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/** Process and system CPU and memory readings; CPU as a rate between two readings. */
export class SystemProbe {
  private lastCpu = process.cpuUsage();
  private lastWall = process.hrtime.bigint();
  private lastMachine = machineCpuTimes();

  /** This process's CPU since the previous call, in percent of all cores (0–100). */
  processCpuPercent(): number {
    const cpu = process.cpuUsage();
    const wall = process.hrtime.bigint();
    const usedMicros = cpu.user - this.lastCpu.user + (cpu.system - this.lastCpu.system);
    const wallMicros = Number(wall - this.lastWall) / 1000;
    this.lastCpu = cpu;
    this.lastWall = wall;
    if (wallMicros <= 0) return 0;
    return Math.min(100, (100 * usedMicros) / (wallMicros * availableParallelism()));
  }

  /**
   * The whole machine's CPU since the previous call, percent busy of all cores (0–100), like
   * psutil.cpu_percent(). In a container this is the node's, not the pod's: processCpuPercent is
   * this server's own share.
   */
  systemCpuPercent(): number {
    const now = machineCpuTimes();
    const total = now.total - this.lastMachine.total;
    const busy = now.busy - this.lastMachine.busy;
    this.lastMachine = now;
    if (total <= 0) return 0;
    return Math.min(100, Math.max(0, (100 * busy) / total));
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
