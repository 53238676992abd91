import { Module } from '@nestjs/common';
import { CachedReads } from './cached-reads.service.js';
import { InformerRegistry } from './informer-registry.js';
import { AccessReview } from './access-review.service.js';
import { PersonViews } from './person-views.service.js';

/**
 * The watch-fed cache of the cluster. Nothing is listed until InformerRegistry.start() is called
 * after bootstrap (server.ts, both transports), so contexts that never call it pay nothing.
 */
@Module({
  providers: [InformerRegistry, CachedReads, AccessReview, PersonViews],
  exports: [InformerRegistry, CachedReads, AccessReview, PersonViews],
})
export class SyncModule {}
