import type { ChangeEvent } from 'react';
import { formatFromFileName, type ImportForm } from '../../hooks/useImport';

const PLACEHOLDERS: Record<string, string> = {
  alpacafarm: '[{"instruction": "…", "input": "", "output": "…"}]',
  jsonl: '{"prompt": "…", "output": "…"}   (one JSON object per line)',
  csv: 'prompt,output\n"…","…"',
  lines: 'One prompt per line',
};

/** The file's text: pasted, or read from an uploaded file (which also picks the format by extension). */
export function ImportContentField({
  form,
  onChange,
}: {
  form: ImportForm;
  onChange: (change: Partial<ImportForm>) => void;
}) {
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const content = await file.text();
    const format = formatFromFileName(form.kind, file.name);
    onChange(format ? { content, format } : { content });
    event.target.value = '';
  };

  return (
    <div className="stack">
      <label className="field">
        <span>Paste content</span>
        <textarea
          className="mono"
          rows={6}
          value={form.content}
          onChange={(e) => onChange({ content: e.target.value })}
          placeholder={
            form.kind === 'prompts' && form.format === 'jsonl'
              ? '{"text": "…"}   (one per line)'
              : PLACEHOLDERS[form.format]
          }
          spellCheck={false}
          data-testid="import-content"
        />
      </label>
      <label className="file-input">
        <span>…or upload a file (.json, .jsonl, .csv, .txt)</span>
        <input
          type="file"
          accept=".json,.jsonl,.csv,.txt,text/plain,application/json"
          onChange={(e) => void onFile(e)}
          data-testid="import-file"
        />
      </label>
      {form.content && <p className="muted small">{form.content.length.toLocaleString()} characters ready</p>}
    </div>
  );
}
