/** A labelled select over a fixed list of values, with "All" (the empty string) first. */
export function FilterSelect<V extends string>({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: V | '';
  options: readonly V[];
  onChange: (value: V | '') => void;
  testId: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as V | '')} data-testid={testId}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
