/** `npm run soak [-- DOCUMENTS [TIMELINE_RUNS]]`: the long soak run (bundled and started with --expose-gc by scripts/soak.mjs). */
import { runSoak, type MemoryPoint } from './soak';

const LIMIT_BYTES = 5 * 1024 * 1024;

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

async function main(argv: string[]): Promise<number> {
  const documents = Number(argv[0] ?? 1000);
  const timelineRuns = Number(argv[1] ?? 1000);
  const result = await runSoak({ documents, timelineRuns, warmup: Math.min(100, Math.floor(documents / 5)), editsPerDocument: 8 });
  const line = (label: string, from: MemoryPoint, to: MemoryPoint): boolean => {
    const heap = to.heapBytes - from.heapBytes;
    const wasm = to.wasmBytes - from.wasmBytes;
    console.log(`${label}: JS heap ${mb(from.heapBytes)} -> ${mb(to.heapBytes)} (${heap >= 0 ? '+' : ''}${mb(heap)}), WASM ${mb(from.wasmBytes)} -> ${mb(to.wasmBytes)} (${wasm >= 0 ? '+' : ''}${mb(wasm)})`);
    return heap < LIMIT_BYTES && wasm < LIMIT_BYTES;
  };
  console.log(`looplens soak: ${result.documents} documents (open, ${8} edits, explain, close), ${result.timelineRuns} timeline runs in ${Math.round(result.ms / 1000)} s; ${result.findings} findings`);
  const documentsOk = line('documents', result.afterWarmup, result.afterDocuments);
  const timelineOk = line('timeline ', result.timelineBaseline, result.afterTimeline);
  console.log(`trees: ${result.treesCreated} created, ${result.liveTrees} alive at the end; documents cached: ${result.cachedDocuments}; queries cached: ${result.queryCached}`);
  const ok = documentsOk && timelineOk && result.liveTrees === 0 && result.cachedDocuments === 0 && result.queryCached;
  console.log(ok ? 'looplens soak: OK' : 'looplens soak: FAILED');
  return ok ? 0 : 1;
}

void main(process.argv.slice(2)).then((status) => (process.exitCode = status));
