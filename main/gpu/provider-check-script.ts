/**
 * The program the provider check runs in a child Node process (`node -e`), as CommonJS source so
 * it needs no build step and no tsx. It opens a session on the tiny model with exactly one
 * execution provider, runs one batch and prints one marked JSON line. A native crash ends only the
 * child; the parent reads the exit signal instead of the line.
 *
 * argv[1] is a JSON object: { ortPath, modelPath, provider, inputName, width }.
 */
export const CHECK_MARKER = '@@demo-desktop-provider-check ';

export const PROVIDER_CHECK_SCRIPT = `
'use strict';
const marker = ${JSON.stringify(CHECK_MARKER)};
const report = (result) => process.stdout.write(marker + JSON.stringify(result) + '\\n');
(async () => {
  const { ortPath, modelPath, provider, inputName, width } = JSON.parse(process.argv[1]);
  const ort = require(ortPath);
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: [provider],
    logSeverityLevel: 3,
  });
  try {
    const feeds = { [inputName]: new ort.Tensor('float32', new Float32Array(2 * width).fill(0.5), [2, width]) };
    const outputs = await session.run(feeds);
    const first = Object.values(outputs)[0];
    if (!first || first.data.length !== 2 * width) throw new Error('the test model returned an unexpected output');
    for (const value of first.data) if (!Number.isFinite(value)) throw new Error('the test model returned non-finite values');
  } finally {
    await session.release();
  }
  report({ ok: true });
})().catch((error) => {
  report({ ok: false, message: String((error && error.message) || error) });
});
`;
