/**
 * The hand-written bigram tables behind `textgen-a` and `textgen-b`. Each chain is a word
 * sequence whose consecutive pairs become "after X comes Y" rules; greedy decoding therefore
 * replays a chain as soon as the prompt ends in one of its words. `fallback` is where any
 * word without a rule continues, so unknown prompts still end in a short sentence.
 *
 * Words are written as they appear in text: " there" (after a space) or "Hello" (text start);
 * both spellings of a word share the same rule. "<eos>" ends generation.
 */

export interface BigramStory {
  /** Chains of words; every consecutive pair is a rule. */
  chains: readonly (readonly string[])[];
  /** First word generated after a token that has no rule of its own. */
  fallback: string;
}

export const EOS_WORD = '<eos>';

/** `textgen-a` (stands in for gpt2): "Once upon a time there was a little robot who …". */
export const STORY_A: BigramStory = {
  chains: [
    ['time', 'there', 'was', 'a', 'little', 'robot', 'who', 'loved', 'to', 'paint', 'the', 'stars', '.', EOS_WORD],
    ['Hello', ',', 'I', 'am', 'your', 'tiny', 'story', 'teller', '!', EOS_WORD],
    ['and', 'they', 'lived', 'happily', 'ever', 'after', '.'],
  ],
  fallback: 'and',
};

/** `textgen-b` (stands in for distilgpt2): "Once upon a time in the forest lived an old wizard …". */
export const STORY_B: BigramStory = {
  chains: [
    ['time', 'in', 'the', 'forest', 'lived', 'an', 'old', 'wizard', 'with', 'a', 'magic', 'hat', '.', EOS_WORD],
    ['Hello', 'there', ',', 'friend', '!', EOS_WORD],
    ['and', 'so', 'it', 'goes', '.'],
  ],
  fallback: 'and',
};

/** Words the shared GPT-2 tokenizer knows as single tokens (both stories plus prompt words). */
export const TEXTGEN_WORDS: readonly string[] = [
  'Once',
  'upon',
  'a',
  'time',
  'there',
  'was',
  'little',
  'robot',
  'who',
  'loved',
  'to',
  'paint',
  'the',
  'stars',
  'Hello',
  'I',
  'am',
  'your',
  'tiny',
  'story',
  'teller',
  'and',
  'they',
  'lived',
  'happily',
  'ever',
  'after',
  'in',
  'forest',
  'an',
  'old',
  'wizard',
  'with',
  'magic',
  'hat',
  'friend',
  'so',
  'it',
  'goes',
  'The',
  'is',
  'of',
  'my',
  'name',
  'you',
  'what',
  'day',
  'world',
];
