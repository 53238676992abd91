import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Query of GET /alerts. */
export class AlertsQuery {
  /** Alerts firing now or resolved within the last N hours (default 24); at most a year. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8760)
  last_hours?: number;
}
