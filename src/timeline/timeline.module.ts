import { Module } from '@nestjs/common';
import { SyncModule } from '../sync/sync.module.js';
import { ChangeJournalService } from './change-journal.service.js';

/** The change journal ("what changed?"), fed by the SyncModule's informers. */
@Module({
  imports: [SyncModule],
  providers: [ChangeJournalService],
  exports: [ChangeJournalService],
})
export class TimelineModule {}
