/**
 * Two small AlpacaFarm-format files ({instruction, input, output}) from two "models" answering the same
 * four prompts. One answer carries HTML/JS that must render as inert text.
 */
export const XSS_IMG = '<img src=x onerror="window.__xss=1">';
export const XSS_SCRIPT = '<script>window.__xss=2</script>';

export const SHOWCASE_PROMPT =
  'Write a Python function that returns the n-th Fibonacci number, and say how fast it is.';
export const XSS_PROMPT = 'How do I show an image on a web page?';

const prompts = [
  SHOWCASE_PROMPT,
  XSS_PROMPT,
  'Give three tips for staying focused while studying.',
  'Translate "good morning" into French and Spanish.',
];

const sftOutputs = [
  'You can use recursion:\n\n```python\ndef fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n```\n\nThis is simple, but it recomputes the same values again and again, so it takes exponential time.',
  `Use an image tag, like this:\n\n${XSS_IMG}\n\n${XSS_SCRIPT}\n\nThe browser loads the file named in \`src\`.`,
  '1. Put your phone in another room.\n2. Work in 25-minute blocks with short breaks.\n3. Study at the same desk every day.',
  'French: *bonjour*. Spanish: *buenos días*.',
];

const rlhfOutputs = [
  'An iterative version runs in **O(n)** time and **O(1)** memory:\n\n```python\ndef fib(n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n```\n\n- `fib(0) == 0`, `fib(1) == 1`, `fib(10) == 55`\n- Each step keeps only the last two numbers, so it never recomputes a value.\n\nFor very large `n`, fast doubling brings this down to O(log n) multiplications.',
  'Use the `img` element with a `src` and an `alt` text:\n\n```html\n<img src="cat.jpg" alt="A sleeping cat">\n```\n\nThe `alt` text is read by screen readers and shown if the image fails to load.',
  'Here are three tips:\n\n1. **Remove distractions**: silence notifications and keep your phone out of reach.\n2. **Use timed sessions**: study for 25 minutes, then rest for 5 (the Pomodoro technique).\n3. **Set a goal per session**: decide beforehand what you will finish.',
  '- French: **Bonjour**\n- Spanish: **Buenos días**',
];

const alpacaFarm = (outputs: string[]) =>
  JSON.stringify(
    prompts.map((instruction, i) => ({ instruction, input: '', output: outputs[i] })),
    null,
    2,
  );

export const SFT_FILE = alpacaFarm(sftOutputs);
export const RLHF_FILE = alpacaFarm(rlhfOutputs);
export const PROMPT_COUNT = prompts.length;
