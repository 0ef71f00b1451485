import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/http';
import { TextField } from '../components/TextField';

/** Name and password; the server sets an HttpOnly session cookie. */
export function LoginPage({ onLogin }: { onLogin: (name: string, password: string) => Promise<unknown> }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(null);
    try {
      await onLogin(name.trim(), password);
    } catch (err) {
      setError(errorMessage(err));
      setSending(false);
    }
  };

  return (
    <main className="page login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title" data-testid="login-form">
        <div className="brand brand-large" aria-hidden="true">
          pref<span>loop</span>
        </div>
        <h1 id="login-title">Sign in</h1>
        <TextField
          label="Name"
          name="name"
          autoComplete="username"
          value={name}
          onValue={setName}
          required
          // the page has one job, and this field is where it starts
          autoFocus
          testId="login-name"
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          required
          testId="login-password"
        />
        {error && (
          <p className="tone-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={sending} data-testid="login-submit">
          {sending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
