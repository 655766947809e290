import v8 from 'node:v8';

/** What v8.GCProfiler's stop() returns (Node 20 types it loosely): one record per GC. */
interface GcStats {
  readonly statistics: readonly {
    /** The pause on the main thread, µs. */
    readonly cost: number;
    readonly gcType: string;
    readonly beforeGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
    readonly afterGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
  }[];
}

export interface Allocated<T> {
  /** Heap bytes allocated while `run` ran: what every GC freed plus the growth of the live heap. */
  readonly bytes: number;
  readonly gcs: number;
  /** The GCs' pauses on the main thread, µs. */
  readonly gcUs: number;
  readonly result: T;
}

/**
 * Heap bytes allocated while `run` runs, from v8.GCProfiler: the used heap before each GC minus
 * the used heap after the previous one, plus what is live at the end, so nothing depends on when
 * the GCs ran (bench:alloc, bench/engine-job.ts). `onGc` sees each GC's kind and pause.
 */
export async function allocatedDuring<T>(run: () => Promise<T>, onGc?: (gcType: string, costUs: number) => void): Promise<Allocated<T>> {
  const profiler = new v8.GCProfiler();
  const startUsed = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  const result = await run();
  const endUsed = v8.getHeapStatistics().used_heap_size;
  const stats = profiler.stop() as unknown as GcStats;
  let bytes = 0;
  let gcUs = 0;
  let previous = startUsed;
  for (const gc of stats.statistics) {
    gcUs += gc.cost;
    onGc?.(gc.gcType, gc.cost);
    bytes += gc.beforeGC.heapStatistics.usedHeapSize - previous;
    previous = gc.afterGC.heapStatistics.usedHeapSize;
  }
  bytes += endUsed - previous;
  return { bytes, gcs: stats.statistics.length, gcUs, result };
}
