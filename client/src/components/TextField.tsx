import type { InputHTMLAttributes } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string;
  onValue: (value: string) => void;
  testId?: string;
}

/** A labelled input: the one shape every form on the site uses. */
export function TextField({ label, onValue, testId, ...input }: TextFieldProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input {...input} onChange={(e) => onValue(e.target.value)} data-testid={testId} />
    </label>
  );
}
