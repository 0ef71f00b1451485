import type { ChangeEvent } from 'react';

interface Props {
  content: string;
  placeholder: string;
  /** the file picker's accept list and the hint above it */
  accept: string;
  fileHint: string;
  /** `<prefix>-content` (the text area) and `<prefix>-file` (the picker) */
  testIdPrefix: string;
  /** pasted text, or an uploaded file's text with its name */
  onContent: (content: string, fileName?: string) => void;
}

/** A file's text for an import: pasted, or read from an uploaded file. */
export function ContentField({ content, placeholder, accept, fileHint, testIdPrefix, onContent }: Props) {
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    onContent(await file.text(), file.name);
    event.target.value = '';
  };

  return (
    <div className="stack">
      <label className="field">
        <span>Paste content</span>
        <textarea
          className="mono"
          rows={6}
          value={content}
          onChange={(e) => onContent(e.target.value)}
          placeholder={placeholder}
          spellCheck={false}
          data-testid={`${testIdPrefix}-content`}
        />
      </label>
      <label className="file-input">
        <span>{fileHint}</span>
        <input type="file" accept={accept} onChange={(e) => void onFile(e)} data-testid={`${testIdPrefix}-file`} />
      </label>
      {content && <p className="muted small">{content.length.toLocaleString()} characters ready</p>}
    </div>
  );
}
