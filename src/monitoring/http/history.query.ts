import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Query of GET /metrics/history. */
export class HistoryQuery {
  /** Only samples from the last N minutes (default: the whole history); at most a year. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(525_600)
  last_minutes?: number;
}
