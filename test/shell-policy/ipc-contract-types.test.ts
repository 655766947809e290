import { describe, expectTypeOf, it } from 'vitest';
import { APP_API_METHODS, type AppApi, type AppApiMethod, type ContractMethod } from '../../preload/shared/app-api.js';
import { IPC_CHANNELS, type IpcChannel } from '../../preload/shared/ipc-contract.js';

/**
 * Type-level checks of the IPC contract, enforced by `tsc -p tsconfig.json` (npm run check) and run
 * by vitest: AppApi's methods take exactly the params and return exactly the results the contract
 * (IPC_CONTRACT's zod schemas) gives their channels.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the exact type-equality idiom needs T in each signature
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type EveryMethodMatches = { [C in IpcChannel]: Equal<AppApiMethod<C>, ContractMethod<C>> };

describe('the IPC contract and AppApi', () => {
  it("each AppApi method has its channel's params and result", () => {
    expectTypeOf<EveryMethodMatches>().toEqualTypeOf<{ [C in IpcChannel]: true }>();
    expectTypeOf<AppApi['openProjectDialog']>().parameters.toEqualTypeOf<[{ openIn: 'run' | 'edit' }]>();
    expectTypeOf<AppApi['getInfo']>().parameters.toEqualTypeOf<[]>();
    expectTypeOf<Awaited<ReturnType<AppApi['revealProject']>>>().toEqualTypeOf<{ revealed: boolean }>();
  });

  it('maps every channel to a method, and a channel without one does not compile', () => {
    expectTypeOf(Object.keys(APP_API_METHODS)).toEqualTypeOf<string[]>();
    const withoutReveal = {
      'app:get-info': 'getInfo',
      'project:open-dialog': 'openProjectDialog',
      'project:save-dialog': 'saveProjectDialog',
      'recent:list': 'listRecent',
      'machine:get-devices': 'getDevices',
    } as const;
    // @ts-expect-error 'project:reveal' has no AppApi method in this mapping.
    withoutReveal satisfies { readonly [C in IpcChannel]: keyof AppApi };
    const toNowhere = { ...APP_API_METHODS, 'recent:list': 'listEverything' } as const;
    // @ts-expect-error a method AppApi does not have.
    toNowhere satisfies { readonly [C in IpcChannel]: keyof AppApi };
    expectTypeOf<keyof typeof APP_API_METHODS>().toEqualTypeOf<IpcChannel>();
    expectTypeOf(IPC_CHANNELS).toEqualTypeOf<readonly IpcChannel[]>();
  });
});
