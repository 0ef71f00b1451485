import { describe, expect, it } from 'vitest';
import { encodeExample, renderPrompt } from '../../../server/ml/model/chat-template';
import { CHAR_VOCAB_SIZE } from '../../../server/ml/model/config';
import { charTokenizer, gpt2Tokenizer, tokenizerByName } from '../../../server/ml/model/tokenizer';

describe('gpt2Tokenizer', () => {
  const tok = gpt2Tokenizer();
  it('round-trips text and uses <|endoftext|> = 50256 as EOS and PAD', () => {
    const text = 'Hello, world! Ünïcödé and numbers 12345.\n\tTabs too.';
    expect(tok.decode(tok.encode(text))).toBe(text);
    expect(tok.encode('Hello world')).toEqual([15496, 995]);
    expect(tok.eosId).toBe(50256);
    expect(tok.padId).toBe(50256);
    expect(tok.vocabSize).toBe(50257);
  });
  it('encodes a literal "<|endoftext|>" in user text as plain text, not EOS', () => {
    const ids = tok.encode('a <|endoftext|> b');
    expect(ids).not.toContain(50256);
    expect(tok.decode(ids)).toBe('a <|endoftext|> b');
    expect(tok.decode([...tok.encode('hi'), 50256])).toBe('hi');
  });
});

describe('charTokenizer', () => {
  const tok = charTokenizer();
  it('round-trips printable ASCII, tabs and newlines', () => {
    const text = 'The quick brown fox {jumps} over 13 lazy dogs!\n\t~`|\\';
    const ids = tok.encode(text);
    expect(ids.length).toBe(text.length);
    expect(tok.decode(ids)).toBe(text);
    expect(Math.max(...ids)).toBeLessThan(CHAR_VOCAB_SIZE);
  });
  it('maps unknown characters to a fallback id and specials decode to nothing', () => {
    const ids = tok.encode('aé€b');
    expect(ids[1]).toBe(ids[2]);
    expect(ids[1]).not.toBe(tok.eosId);
    expect(ids[1]).not.toBe(tok.padId);
    expect(tok.decode([...tok.encode('ok'), tok.eosId, tok.padId])).toBe('ok');
    expect(tok.vocabSize).toBe(CHAR_VOCAB_SIZE);
    expect(tok.eosId).not.toBe(tok.padId);
  });
  it('is found by name', () => {
    expect(tokenizerByName('char').name).toBe('char');
    expect(tokenizerByName('gpt2').eosId).toBe(50256);
    expect(() => tokenizerByName('bpe9000')).toThrow();
  });
});

describe('chat template', () => {
  it('renders one template ending with the assistant cue', () => {
    expect(renderPrompt('What is 2+3?')).toBe('User: What is 2+3?\nAssistant:\n');
    expect(
      renderPrompt([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Bye' },
      ]),
    ).toBe('System: Be brief.\nUser: Hi\nAssistant:\nHello\nUser: Bye\nAssistant:\n');
  });
  it('encodeExample masks the prompt and marks response + EOS', () => {
    const tok = charTokenizer();
    const { tokens, responseMask } = encodeExample(tok, 'hi', 'ok', 100);
    const promptLen = renderPrompt('hi').length;
    expect(tokens).toEqual([...tok.encode(renderPrompt('hi')), ...tok.encode('ok'), tok.eosId]);
    expect(responseMask).toEqual([...Array(promptLen).fill(0), 1, 1, 1]);
  });
  it('encodeExample truncates the prompt from the left, then the response', () => {
    const tok = charTokenizer();
    const a = encodeExample(tok, 'a long prompt here', 'yes', 10);
    expect(a.tokens.length).toBe(10);
    expect(a.tokens.slice(-4)).toEqual([...tok.encode('yes'), tok.eosId]);
    expect(a.responseMask).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const b = encodeExample(tok, 'p', 'a very long response', 8);
    expect(b.tokens.length).toBe(8);
    expect(b.responseMask).toEqual([0, 1, 1, 1, 1, 1, 1, 1]);
    expect(b.tokens).not.toContain(tok.eosId);
  });
});
