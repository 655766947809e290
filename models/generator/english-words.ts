/**
 * A small shared English vocabulary for the BERT-style tiny models. It only needs to cover the
 * sentences that tests, examples and demos type; anything else becomes [UNK] (or, with the
 * suffix pieces, "movie" + "##s"), which the hand-set weights treat as neutral.
 */

/** Lower-case function words and everyday nouns/verbs/adjectives (no sentiment of their own). */
export const COMMON_WORDS: readonly string[] = [
  // function words
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'it', 'its', 'i', 'me', 'my', 'mine', 'you',
  'your', 'he', 'him', 'his', 'she', 'her', 'we', 'us', 'our', 'they', 'them', 'their', 'who',
  'what', 'which', 'when', 'where', 'why', 'how', 'and', 'or', 'but', 'so', 'if', 'then', 'than',
  'because', 'as', 'of', 'in', 'on', 'at', 'to', 'for', 'from', 'with', 'without', 'about', 'into',
  'over', 'under', 'after', 'before', 'by', 'up', 'down', 'out', 'off', 'all', 'some', 'any',
  'every', 'each', 'one', 'two', 'three', 'more', 'most', 'much', 'many', 'very', 'really', 'too',
  'quite', 'just', 'also', 'only', 'even', 'still', 'again', 'here', 'there', 'now', 'today',
  'yesterday', 'tomorrow', 'always', 'often', 'sometimes', 'ever',
  // auxiliaries and common verbs
  'is', 'am', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'do', 'does', 'did',
  'will', 'would', 'can', 'could', 'should', 'may', 'might', 'must', 'get', 'got', 'go', 'went',
  'gone', 'make', 'made', 'see', 'saw', 'seen', 'watch', 'watched', 'know', 'think', 'thought',
  'feel', 'felt', 'find', 'found', 'give', 'gave', 'take', 'took', 'come', 'came', 'say', 'said',
  'tell', 'told', 'want', 'wanted', 'like', 'liked', 'look', 'looked', 'live', 'lived', 'work',
  'worked', 'play', 'played', 'read', 'eat', 'ate', 'buy', 'bought', 'use', 'used', 'try', 'tried',
  'call', 'called', 'visit', 'visited', 'meet', 'met',
  // contraction pieces: BERT splits "don't" into don ' t
  'don', 'doesn', 'didn', 'isn', 'wasn', 'aren', 'weren', 'won', 'couldn', 'shouldn', 'wouldn',
  'haven', 'hasn', 't', 's', 're', 've', 'll', 'd', 'm',
  // everyday nouns
  'movie', 'film', 'show', 'book', 'story', 'song', 'music', 'album', 'game', 'food', 'meal',
  'restaurant', 'service', 'staff', 'product', 'phone', 'app', 'place', 'hotel', 'room', 'day',
  'night', 'time', 'year', 'week', 'people', 'person', 'man', 'woman', 'friend', 'family', 'child',
  'dog', 'cat', 'car', 'house', 'home', 'city', 'country', 'world', 'name', 'thing', 'way', 'life',
  'plot', 'actor', 'acting', 'ending', 'price', 'quality', 'experience', 'weather', 'coffee', 'job',
  'school', 'team', 'company', 'office', 'street', 'river', 'park', 'work', 'trip',
  // neutral adjectives/adverbs
  'new', 'old', 'big', 'small', 'long', 'short', 'first', 'last', 'next', 'other', 'same', 'own',
  'little', 'young', 'high', 'low', 'fast', 'slow', 'red', 'green', 'blue', 'black', 'white',
];

/** Punctuation tokens (BertPreTokenizer splits every punctuation character off on its own). */
export const PUNCTUATION: readonly string[] = ['.', ',', '!', '?', "'", '"', ':', ';', '-', '(', ')'];

/** WordPiece continuation pieces so simple inflections ("movies", "loved") still tokenize. */
export const SUFFIX_PIECES: readonly string[] = ['##s', '##es', '##ed', '##d', '##ing', '##ly', '##er', '##est', '##y'];

/** Returns `words` with duplicates removed, keeping the first occurrence (stable ids). */
export function uniqueWords(words: readonly string[]): string[] {
  return [...new Set(words)];
}
