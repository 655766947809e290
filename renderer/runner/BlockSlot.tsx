import { useCallback, type CSSProperties, type ReactNode } from 'react';
import { blockFor } from '../components/blocks/registry.js';
import { num } from '../components/blocks/shared/props.js';
import type { SelectData } from '../components/blocks/shared/select-data.js';
import type { ComponentInfo } from './config.js';
import { effectiveProps } from './dependencies.js';
import { JobFailedTag, JobOutcome } from './JobStatus.js';
import { usePage } from './page-context.js';
import { RunControls } from './RunControls.js';
import { RunOverlay } from './RunOverlay.js';

/** Layout sizing from Gradio's scale/min_width props (CSSOM styles, allowed by a strict CSP). */
export function sizing(props: Readonly<Record<string, unknown>>): CSSProperties | undefined {
  const scale = num(props, 'scale');
  const minWidth = num(props, 'min_width');
  if (scale === undefined && minWidth === undefined) return undefined;
  return { ...(scale !== undefined ? { flexGrow: scale } : {}), ...(minWidth !== undefined ? { minWidth } : {}) };
}

/**
 * One component in the layout: its block; over it, the progress of runs that write to it; before
 * it, how the last run it anchors ended (an error); after it, what a run needs from it first.
 */
export function BlockSlot({ component }: { readonly component: ComponentInfo }): ReactNode {
  const page = usePage();
  const { controller, state } = page;
  const id = component.id;
  const onChange = useCallback((value: unknown) => controller.setValue(id, value), [controller, id]);
  const onEvent = useCallback((event: string) => controller.trigger(id, event), [controller, id]);
  const onSelect = useCallback((data: SelectData) => controller.trigger(id, 'select', data), [controller, id]);
  const props = effectiveProps(component, state.overrides);
  if (props.visible === false) return null;
  const Block = blockFor(component.type);
  const deps = page.anchors.get(id) ?? [];
  const listensClick = controller.dependenciesFor(id, 'click').length > 0;
  const block = Block ? (
    <Block
      id={id}
      type={component.type}
      elemKey={component.key}
      props={props}
      value={state.values.get(id)}
      interactive={page.interactive.get(id) ?? true}
      pending={page.pending.has(id)}
      echo={state.echoes.get(id)}
      missing={state.missing.get(id)}
      listens={controller.listenedEvents(id)}
      onChange={onChange}
      onEvent={onEvent}
      onSelect={onSelect}
    />
  ) : (
    <div className="block block--unknown" data-testid={`component-${component.key ?? String(id)}`} role="note">
      This demo uses a “{component.type}” component, which this version cannot show yet.
    </div>
  );
  if (component.type === 'state') return block;
  // The image input says it inside its drop zone; other blocks get the line under them.
  const missing = component.type === 'image' ? undefined : state.missing.get(id);
  const minimal = component.type === 'chatbot';
  return (
    <div className={page.pending.has(id) ? 'slot is-pending' : 'slot'} style={sizing(props)}>
      {deps.map((dep) => (
        <JobOutcome key={dep.id} dep={dep} />
      ))}
      {(page.writers.get(id) ?? []).map((dep) => (
        <RunOverlay key={`run-${dep.id}`} dep={dep} anchor={deps.includes(dep)} minimal={minimal} />
      ))}
      {(page.writers.get(id) ?? [])
        .filter((dep) => !deps.includes(dep))
        .map((dep) => (
          <JobFailedTag key={`failed-${dep.id}`} dep={dep} />
        ))}
      {component.type === 'button' && listensClick ? <RunControls component={component}>{block}</RunControls> : block}
      {missing ? (
        <p className="input-missing" role="alert" data-testid="input-missing">
          {missing}
        </p>
      ) : null}
    </div>
  );
}
