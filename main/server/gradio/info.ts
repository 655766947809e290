import { z } from 'zod';
import type { Engine } from '../../engine/types.js';
import type { App, AppComponent, AppEvent } from '../../../preload/shared/project/normalize.js';
import { componentApi } from './component-api.js';

/**
 * GET /gradio_api/info: the typed API (doc §1.4). Both top-level keys are required (the JS client
 * throws without `unnamed_endpoints`); State inputs and outputs are left out (skip_api); private
 * endpoints are never listed, undocumented ones only with `?all_endpoints=true`.
 */

const pythonType = z.object({ type: z.string(), description: z.string() });

export const parameterInfo = z.object({
  label: z.string(),
  parameter_name: z.string(),
  parameter_has_default: z.boolean(),
  parameter_default: z.unknown(),
  type: z.record(z.string(), z.unknown()),
  python_type: pythonType,
  component: z.string(),
  example_input: z.unknown(),
});

export const returnInfo = z.object({
  label: z.string(),
  type: z.record(z.string(), z.unknown()),
  python_type: pythonType,
  component: z.string(),
});

export const endpointInfo = z.object({
  parameters: z.array(parameterInfo),
  returns: z.array(returnInfo),
  api_visibility: z.enum(['public', 'undocumented', 'private']),
  description: z.string(),
});

export const apiInfo = z.object({
  named_endpoints: z.record(z.string(), endpointInfo),
  unnamed_endpoints: z.record(z.string(), endpointInfo),
});
export type ApiInfo = z.infer<typeof apiInfo>;
type ParameterInfo = z.infer<typeof parameterInfo>;
type ReturnInfo = z.infer<typeof returnInfo>;

function components(app: App, keys: readonly string[]): AppComponent[] {
  return keys.flatMap((key) => {
    const component = app.components.get(key);
    return component && component.type !== 'state' ? [component] : [];
  });
}

function parameter(component: AppComponent): ParameterInfo {
  const api = componentApi(component);
  const value = component.props.value;
  return {
    label: typeof component.props.label === 'string' ? component.props.label : component.key,
    // Keyword calls map through this name, so it is the stable component key from project.json.
    parameter_name: component.key,
    parameter_has_default: value !== undefined,
    parameter_default: value ?? null,
    type: api.schema,
    python_type: api.pythonType,
    component: api.className,
    example_input: value ?? api.example,
  };
}

function returned(component: AppComponent): ReturnInfo {
  const api = componentApi(component);
  return {
    label: typeof component.props.label === 'string' ? component.props.label : component.key,
    type: api.schema,
    python_type: api.pythonType,
    component: api.className,
  };
}

function endpoint(app: App, event: AppEvent, description: string | undefined): z.infer<typeof endpointInfo> {
  return {
    parameters: components(app, event.inputs).map(parameter),
    returns: components(app, event.outputs).map(returned),
    api_visibility: event.apiVisibility,
    description: description ?? '',
  };
}

export function buildApiInfo(engine: Engine, allEndpoints: boolean): ApiInfo {
  const named: ApiInfo['named_endpoints'] = {};
  for (const event of engine.app.events) {
    if (event.apiVisibility === 'private') continue;
    if (event.apiVisibility === 'undocumented' && !allEndpoints) continue;
    named[`/${event.apiName}`] = endpoint(engine.app, event, engine.loaded.project.functions[event.fn]?.description);
  }
  return { named_endpoints: named, unnamed_endpoints: {} };
}
