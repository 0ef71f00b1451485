import { TextField } from '../TextField';

export interface NumberFieldSpec<K extends string> {
  key: K;
  label: string;
  step: string; // '1' for counts, 'any' for rates
  placeholder: string; // the server's default
}

interface Props<K extends string> {
  fields: readonly NumberFieldSpec<K>[];
  values: Record<K, string>;
  onValue: (key: K, value: string) => void;
  testIdPrefix: string; // each input's test id is `${prefix}-${key}`
  disabled?: (key: K) => boolean;
}

/** A row of optional numeric job settings; an empty field keeps the server's default. */
export function NumberFields<K extends string>({ fields, values, onValue, testIdPrefix, disabled }: Props<K>) {
  return fields.map((field) => {
    const off = disabled?.(field.key) ?? false;
    return (
      <TextField
        key={field.key}
        label={field.label}
        type="number"
        min="0"
        step={field.step}
        placeholder={off ? 'n/a' : field.placeholder}
        disabled={off}
        className="input-narrow"
        value={values[field.key]}
        onValue={(value) => onValue(field.key, value)}
        testId={`${testIdPrefix}-${field.key}`}
      />
    );
  });
}
