import { beforeAll, describe, expect, it } from 'vitest';
import { pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { SAMPLE_RATE, synthesizeTones, toneFrequency } from '../../models/generator/asr-model.js';
import { useLocalTinyModels } from './local-models.js';

interface Transcript {
  text: string;
}

describe('models/tiny/asr (automatic-speech-recognition, wav2vec2 CTC on a tone alphabet)', () => {
  let asr: AutomaticSpeechRecognitionPipeline;

  beforeAll(async () => {
    useLocalTinyModels();
    asr = await pipeline('automatic-speech-recognition', 'asr', { dtype: 'fp32' });
  });

  async function transcribe(audio: Float32Array): Promise<string> {
    return ((await asr(audio)) as Transcript).text;
  }

  it('transcribes synthesized tones, keeping double letters and word breaks', async () => {
    expect(await transcribe(synthesizeTones('hello world'))).toBe('HELLO WORLD');
  });

  it('does not depend on frame-aligned timing or a clean signal', async () => {
    expect(await transcribe(synthesizeTones("it's a good day", { toneMs: 73, gapMs: 31 }))).toBe("IT'S A GOOD DAY");
    const noisy = synthesizeTones('noise test', { amplitude: 0.3 });
    for (let i = 0; i < noisy.length; i++) noisy[i] = (noisy[i] ?? 0) + 0.05 * Math.sin(i * 12.9898) * Math.sin(i * 0.77);
    expect(await transcribe(noisy)).toBe('NOISE TEST');
  });

  it('returns nothing for silence', async () => {
    expect(await transcribe(new Float32Array(SAMPLE_RATE / 2))).toBe('');
  });

  it('uses distinct tone frequencies per symbol', () => {
    expect(toneFrequency('|')).toBe(400);
    expect(toneFrequency('A')).toBe(500);
    expect(() => toneFrequency('?')).toThrow();
  });
});
