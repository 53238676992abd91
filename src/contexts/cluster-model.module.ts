import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { GraphModule } from '../graph/graph.module.js';
import { K8sModule } from '../k8s/k8s.module.js';
import { NamespacePolicy } from '../security/namespace-policy.js';
import { SummaryModule } from '../summary/summary.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { TimelineModule } from '../timeline/timeline.module.js';

/**
 * The namespace policy alone: SecurityModule would also bring a second AuditLog (two writers of
 * one file) and the HTTP access checks, which belong to the server, not to a cluster.
 */
@Global()
@Module({ providers: [NamespacePolicy], exports: [NamespacePolicy] })
class ModelPolicyModule {}

/**
 * The modules that hold one cluster's state, for a context other than the default. Each such
 * context runs them in a Nest application context of its own (ClusterModels), so the services are
 * the very ones the default context uses, with their own config, timers and shutdown, and nothing
 * in them had to learn about contexts.
 */
@Module({})
export class ClusterModelModule {
  static forContext(config: AppConfig): DynamicModule {
    return {
      module: ClusterModelModule,
      imports: [
        ConfigModule.forRoot(config),
        // Its own scheduler registry: interval names (k8s.api-probe, ...) repeat per context.
        ScheduleModule.forRoot(),
        ModelPolicyModule,
        K8sModule,
        SyncModule,
        GraphModule,
        TimelineModule,
        SummaryModule,
      ],
    };
  }
}
