import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ContextsModule } from './contexts/contexts.module.js';
import { GraphModule } from './graph/graph.module.js';
import { McpModule } from './mcp/mcp.module.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import { SecurityModule } from './security/security.module.js';
import { K8sModule } from './k8s/k8s.module.js';
import { SummaryModule } from './summary/summary.module.js';
import { SyncModule } from './sync/sync.module.js';
import { TimelineModule } from './timeline/timeline.module.js';
import { UiModule } from './ui/ui.module.js';

/** The application: feature modules wired around one validated configuration. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Every periodic job registers here (common/scheduling): listed, and cleared on shutdown.
        ScheduleModule.forRoot(),
        SecurityModule,
        K8sModule,
        SyncModule,
        GraphModule,
        TimelineModule,
        SummaryModule,
        ContextsModule,
        McpModule,
        MonitoringModule,
        UiModule,
      ],
    };
  }
}
