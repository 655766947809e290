import type { ReactNode } from 'react';
import type { MachineInfo } from '../../preload/shared/home/home-api.js';
import { formatBytes } from './relative-time.js';
import type { Load } from './use-load.js';

function Memory(props: { readonly memory: MachineInfo['memory'] }): ReactNode {
  const { totalBytes, freeBytes } = props.memory;
  const used = totalBytes === 0 ? 0 : Math.round(((totalBytes - freeBytes) / totalBytes) * 100);
  return (
    <div className="home-fact" data-fact="memory">
      <dt>Memory</dt>
      <dd>
        <span data-total-bytes={totalBytes}>{formatBytes(totalBytes)}</span> total,{' '}
        <span data-free-bytes={freeBytes}>{formatBytes(freeBytes)}</span> free
        <span className="home-meter" role="meter" aria-label="Memory in use" aria-valuemin={0} aria-valuemax={100} aria-valuenow={used}>
          <span style={{ inlineSize: `${used}%` }} />
        </span>
      </dd>
    </div>
  );
}

function Gpus(props: { readonly gpus: MachineInfo['gpus'] }): ReactNode {
  if (props.gpus.length === 0) return <dd>None found</dd>;
  return (
    <dd>
      <ul className="home-plain">
        {props.gpus.map((gpu) => (
          <li key={gpu.id}>
            {gpu.name}
            {gpu.memoryTotalBytes !== null && <span className="home-muted"> · {formatBytes(gpu.memoryTotalBytes)}</span>}
            {gpu.memoryFreeBytes !== null && <span className="home-muted"> ({formatBytes(gpu.memoryFreeBytes)} free)</span>}
          </li>
        ))}
      </ul>
    </dd>
  );
}

function Providers(props: { readonly providers: MachineInfo['providers'] }): ReactNode {
  return (
    <dd>
      <ul className="home-providers">
        {props.providers.map((provider) => {
          const state = provider.usable === true ? 'works' : provider.usable === false ? 'fails' : 'unchecked';
          return (
            <li
              key={provider.name}
              className={`home-provider home-provider--${state}`}
              title={provider.reason}
              data-provider={provider.name}
            >
              <span aria-hidden="true">{state === 'works' ? '✓' : state === 'fails' ? '✕' : '?'}</span> {provider.name}
              <span className="visually-hidden">
                {' '}
                {state === 'works' ? 'works' : state === 'fails' ? 'does not work' : 'not checked'}: {provider.reason}
              </span>
            </li>
          );
        })}
      </ul>
    </dd>
  );
}

/** This machine: CPU, memory, GPUs and the onnxruntime execution providers that ran a test session here. */
export function MachinePanel(props: { readonly state: Load<MachineInfo> }): ReactNode {
  const { state } = props;
  return (
    <section className="home-card" aria-labelledby="home-machine-title">
      <h2 id="home-machine-title">This machine</h2>
      {state.phase === 'loading' && <p className="home-muted">Checking the CPU, memory, GPUs and execution providers…</p>}
      {state.phase === 'failed' && <p className="home-error">{state.message}</p>}
      {state.phase === 'ready' && (
        <dl className="home-facts">
          <div className="home-fact" data-fact="cpu">
            <dt>CPU</dt>
            <dd>
              {state.value.cpu.model}
              <br />
              <span data-cores={state.value.cpu.cores}>{state.value.cpu.cores === 1 ? '1 core' : `${state.value.cpu.cores} cores`}</span>
              <span className="home-muted">
                {' '}
                · {state.value.platform} {state.value.arch}
              </span>
            </dd>
          </div>
          <Memory memory={state.value.memory} />
          <div className="home-fact" data-fact="gpus">
            <dt>GPUs</dt>
            <Gpus gpus={state.value.gpus} />
          </div>
          <div className="home-fact" data-fact="providers">
            <dt>Execution providers</dt>
            <Providers providers={state.value.providers} />
          </div>
        </dl>
      )}
    </section>
  );
}
