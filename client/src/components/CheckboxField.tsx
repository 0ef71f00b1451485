interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  title?: string;
  testId?: string;
}

/** A labelled checkbox, as the forms on the site lay them out. */
export function CheckboxField({ label, checked, onChecked, title, testId }: CheckboxFieldProps) {
  return (
    <label className="checkbox" title={title}>
      <input type="checkbox" checked={checked} onChange={(e) => onChecked(e.target.checked)} data-testid={testId} />
      <span>{label}</span>
    </label>
  );
}
