import Markdown, { type Components } from 'react-markdown';

/**
 * Model text and guidelines as markdown, safely: react-markdown builds React elements (no innerHTML), and
 * without rehype-raw any HTML in the text stays literal text. Links open in a new tab without the opener;
 * images are shown as their address, never fetched (a model's image URL could carry data out).
 */
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  img: ({ alt, src }) => (
    <span className="md-image">
      [image{alt ? `: ${alt}` : ''}
      {typeof src === 'string' && src ? ` — ${src}` : ''}]
    </span>
  ),
};

export function SafeMarkdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className ? `markdown ${className}` : 'markdown'}>
      <Markdown components={components}>{text}</Markdown>
    </div>
  );
}
