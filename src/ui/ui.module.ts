import { Module } from '@nestjs/common';
import { UiController } from './ui.controller.js';
import { UiData } from './ui-data.service.js';

/** The web console under /ui: its page and the JSON API the page reads (docs/console.md). */
@Module({
  controllers: [UiController],
  providers: [UiData],
})
export class UiModule {}
