import { useQuery } from '@tanstack/react-query';
import { ROUTES } from '../../../../shared/contract';
import { call } from '../../api/call';

/** Every account (the first 500), "All" first; system import users are listed too: their labels are data. */
export function AnnotatorSelect({ value, onChange }: { value: number | undefined; onChange: (id: number | undefined) => void }) {
  const users = useQuery({ queryKey: ['data', 'users'], queryFn: () => call(ROUTES.adminUsers, { query: { limit: 500 } }) });
  return (
    <label className="field">
      <span>Annotator</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : undefined)} data-testid="data-annotator">
        <option value="">All</option>
        {(users.data?.items ?? []).map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
    </label>
  );
}
