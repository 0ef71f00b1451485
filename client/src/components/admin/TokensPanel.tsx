import { type FormEvent, useState } from 'react';
import type { CreatedToken, TokenInfo } from '../../../../shared/schemas/auth';
import { errorMessage } from '../../api/http';
import { useTokens } from '../../hooks/useTokens';
import { TextField } from '../TextField';
import { Pager } from './Pager';

const day = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleDateString() : none);

function status(token: TokenInfo, now: number): string {
  if (token.revoked) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

/** API tokens (bearer) for scripts and the CLI: create one for yourself (its secret is shown once), see everyone's, revoke. */
export function TokensPanel() {
  const tokens = useTokens();
  const [label, setLabel] = useState('');
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const now = Date.now();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const expiresInDays = days.trim() === '' ? undefined : Number(days);
      setCreated(await tokens.create({ label: label.trim() || 'script', expiresInDays }));
      setMessage(null);
      setLabel('');
      setDays('');
    } catch (err) {
      setCreated(null);
      setMessage(errorMessage(err));
    }
  };

  return (
    <section className="card admin-section" aria-labelledby="tokens-title">
      <header className="section-head">
        <h2 id="tokens-title">API tokens</h2>
        <span className="muted">{tokens.total} in all</span>
      </header>
      <form className="inline-form" onSubmit={submit} aria-label="Create API token" data-testid="create-token-form">
        <TextField label="Label" value={label} onValue={setLabel} maxLength={100} testId="new-token-label" />
        <TextField label="Expires in days (empty: never)" type="number" value={days} onValue={setDays} min={1} max={3650} testId="new-token-days" />
        <button type="submit" className="btn btn-primary" data-testid="create-token">
          Create token
        </button>
        {message && (
          <p className="form-message tone-error" role="status">
            {message}
          </p>
        )}
      </form>
      {created && (
        <p className="form-message tone-ok" role="status" data-testid="created-token">
          Token “{created.label}” — copy it now, it is shown only once: <code data-testid="created-token-secret">{created.token}</code>
        </p>
      )}
      {tokens.error && <p className="tone-error">{tokens.error}</p>}
      <table className="table" data-testid="tokens-table">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Label</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.tokens.map((token) => (
            <tr key={token.id} data-testid={`token-row-${token.id}`} className={token.revoked ? 'is-disabled' : undefined}>
              <td>{token.userName}</td>
              <td>{token.label}</td>
              <td>{day(token.createdAt, '–')}</td>
              <td>{day(token.expiresAt, 'never')}</td>
              <td>{day(token.lastUsedAt, 'never')}</td>
              <td data-testid="token-status">{status(token, now)}</td>
              <td className="actions">
                {!token.revoked && (
                  <button
                    type="button"
                    className="btn btn-quiet btn-small"
                    onClick={() => tokens.revoke(token)}
                    aria-label={`Revoke ${token.label} of ${token.userName}`}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager offset={tokens.offset} pageSize={tokens.pageSize} total={tokens.total} previous={tokens.previous} next={tokens.next} />
    </section>
  );
}
