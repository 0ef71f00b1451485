import { type FormEvent, useState } from 'react';
import type { CreateUserRequest, Role } from '../../../../shared/schemas/auth';
import { errorMessage } from '../../api/http';
import { TextField } from '../TextField';

/** Name, initial password (8+ characters) and role; the new user signs in with them. */
export function CreateUserForm({ onCreate }: { onCreate: (input: CreateUserRequest) => Promise<void> }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('annotator');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await onCreate({ name: name.trim(), password, role });
      setMessage({ tone: 'ok', text: `Created ${role} “${name.trim()}”.` });
      setName('');
      setPassword('');
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    }
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Create user" data-testid="create-user-form">
      <TextField
        label="Name"
        value={name}
        onValue={setName}
        required
        minLength={2}
        testId="new-user-name"
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        value={password}
        onValue={setPassword}
        required
        minLength={8}
        testId="new-user-password"
      />
      <label className="field">
        <span>Role</span>
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="new-user-role">
          <option value="annotator">annotator</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <button type="submit" className="btn btn-primary" data-testid="create-user">
        Create user
      </button>
      {message && (
        <p className={`form-message tone-${message.tone}`} role="status" data-testid="create-user-message">
          {message.text}
        </p>
      )}
    </form>
  );
}
