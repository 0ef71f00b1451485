import { formatFromFileName, type ImportForm } from '../../hooks/useImport';
import { ContentField } from './ContentField';

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
  const onContent = (content: string, fileName?: string) => {
    const format = fileName ? formatFromFileName(form.kind, fileName) : null;
    onChange(format ? { content, format } : { content });
  };

  return (
    <ContentField
      content={form.content}
      placeholder={
        form.kind === 'prompts' && form.format === 'jsonl' ? '{"text": "…"}   (one per line)' : PLACEHOLDERS[form.format]
      }
      accept=".json,.jsonl,.csv,.txt,text/plain,application/json"
      fileHint="…or upload a file (.json, .jsonl, .csv, .txt)"
      testIdPrefix="import"
      onContent={onContent}
    />
  );
}
