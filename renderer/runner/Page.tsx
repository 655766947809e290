import { useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { MarkdownView } from '../components/blocks/markdown/MarkdownView.js';
import type { Dependency } from './config.js';
import type { RunnerController } from './controller.js';
import { isInteractive, progressTargets, statusAnchor } from './dependencies.js';
import { Examples } from './Examples.js';
import { isActive } from './job-state.js';
import { JobStatus } from './JobStatus.js';
import { buildViewTree } from './layout.js';
import { NodeView } from './LayoutView.js';
import { PageContext, type PageContextValue } from './page-context.js';
import { Toasts } from './Toasts.js';
import { FlagBar } from '../history/FlagBar.js';
import { HistoryPanel } from '../history/HistoryPanel.js';

interface PageProps {
  readonly controller: RunnerController;
  readonly baseUrl: string;
  readonly onUnreachable: () => void;
}

/** The running demo: header, layout, examples, and status for runs with nothing to draw on. */
export function Page({ controller, baseUrl, onUnreachable }: PageProps): ReactNode {
  const config = controller.config;
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  const tree = useMemo(() => buildViewTree(config), [config]);
  const wiring = useMemo(() => {
    const interactive = new Map<number, boolean>();
    for (const c of config.components.values()) interactive.set(c.id, isInteractive(c, config.dependencies));
    const anchors = new Map<number, Dependency[]>();
    const writers = new Map<number, Dependency[]>();
    const unanchored: Dependency[] = [];
    for (const dep of config.dependencies) {
      const anchor = statusAnchor(dep, config.components);
      if (anchor === null) unanchored.push(dep);
      else anchors.set(anchor, [...(anchors.get(anchor) ?? []), dep]);
      for (const id of progressTargets(dep, config.components)) writers.set(id, [...(writers.get(id) ?? []), dep]);
    }
    return { interactive, anchors, writers, unanchored };
  }, [config]);
  const page = useMemo((): PageContextValue => {
    const pending = new Set<number>();
    for (const dep of config.dependencies) {
      if (isActive(controller.job(dep.id))) for (const id of dep.outputs) pending.add(id);
    }
    return {
      controller,
      state,
      interactive: wiring.interactive,
      anchors: wiring.anchors,
      writers: wiring.writers,
      pending,
      components: config.components,
      baseUrl,
      onUnreachable,
    };
  }, [controller, state, wiring, config, baseUrl, onUnreachable]);
  const first = config.dependencies[0];
  return (
    <PageContext.Provider value={page}>
      <main className={`app app--${config.mode}`}>
        {config.mode === 'interface' ? (
          <header className="app-header">
            <h1>{config.title}</h1>
            {config.description ? <MarkdownView className="app-description" source={config.description} /> : null}
          </header>
        ) : null}
        <div className="global-status">
          {wiring.unanchored.map((dep) => (
            <JobStatus key={dep.id} dep={dep} />
          ))}
        </div>
        <NodeView node={tree} />
        <FlagBar controller={controller} baseUrl={baseUrl} />
        {config.mode === 'interface' && first ? (
          <Examples
            rows={config.examples}
            inputs={first.inputs.map((id) => config.components.get(id))}
            onPick={(row) => controller.applyExample(row)}
          />
        ) : null}
        {config.article ? <MarkdownView className="app-article" source={config.article} /> : null}
      </main>
      <HistoryPanel controller={controller} baseUrl={baseUrl} />
      <Toasts toasts={state.toasts} onDismiss={(id) => controller.dismissToast(id)} onRetry={(id) => controller.retry(id)} />
    </PageContext.Provider>
  );
}
