import type { App, AppEvent } from '../../preload/shared/project/normalize.js';
import { AppError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import { createEngine } from '../engine/create-engine.js';
import type { Engine } from '../engine/types.js';
import type { LoadedProject } from '../project/load.js';
import type { ModelEnvironment } from '../runtimes/runtime.js';
import { trialProject, type TrialGrid, type TrialProject } from './trial-project.js';

/**
 * The engine of the trials at one replica count, started on first use and warmed by one request
 * (the model loads, the worker starts: neither is measured). One is open at a time: moving to
 * another replica count, or a trial the memory watchdog stopped, disposes it (fresh workers
 * return the memory a stopped trial left behind).
 */
export interface TrialEngineOptions {
  readonly loaded: LoadedProject;
  readonly app: App;
  readonly event: AppEvent;
  readonly grid: TrialGrid;
  readonly rows: readonly (readonly unknown[])[];
  readonly environment?: Partial<ModelEnvironment>;
  readonly logger?: Logger;
  readonly signal: AbortSignal;
}

export interface OpenTrialEngine {
  readonly engine: Engine;
  readonly project: TrialProject;
  readonly replicas: number;
}

export class TrialEngines {
  private open: OpenTrialEngine | null = null;

  constructor(private readonly options: TrialEngineOptions) {}

  async get(replicas: number): Promise<OpenTrialEngine> {
    if (this.open?.replicas === replicas) return this.open;
    await this.dispose();
    const { loaded, app, event, grid, signal } = this.options;
    const project = trialProject(loaded, app, event, grid, replicas);
    const engine = await createEngine({
      loaded: project.loaded,
      signal,
      ...(this.options.environment ? { environment: this.options.environment } : {}),
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    this.open = { engine, project, replicas };
    await this.warm(this.open);
    return this.open;
  }

  private async warm({ engine, project }: OpenTrialEngine): Promise<void> {
    const eventIndex = project.eventIndex(1, 1);
    const inputs = this.options.rows[0] ?? [];
    try {
      await engine.run({ eventIndex, inputs, signal: this.options.signal, sessionId: 'tune-warm' });
    } catch (error) {
      await this.dispose();
      if (this.options.signal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new AppError(
        'FUNCTION_FAILED',
        `/${this.options.event.apiName} failed on its sample inputs, so it cannot be tuned: ${message}`,
        {
          cause: error,
        },
      );
    }
  }

  async dispose(): Promise<void> {
    const open = this.open;
    this.open = null;
    await open?.engine.dispose();
  }
}
