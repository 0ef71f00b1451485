import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/http';
import { useQueueSettings } from '../../hooks/useQueueSettings';
import { TextField } from '../TextField';

/** Overlap k (labels per pair), gold rate and lease length. */
export function SettingsPanel() {
  const { settings, error, save } = useQueueSettings();
  const [overlap, setOverlap] = useState('');
  const [goldRate, setGoldRate] = useState('');
  const [leaseSeconds, setLeaseSeconds] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    if (!settings) return;
    setOverlap(String(settings.overlap));
    setGoldRate(String(settings.goldRate));
    setLeaseSeconds(String(settings.leaseSeconds));
  }, [settings]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await save({ overlap: Number(overlap), goldRate: Number(goldRate), leaseSeconds: Number(leaseSeconds) });
      setMessage({ tone: 'ok', text: 'Saved.' });
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    }
  };

  return (
    <section className="card admin-section" aria-labelledby="settings-title">
      <header className="section-head">
        <h2 id="settings-title">Queue settings</h2>
      </header>
      {error && <p className="tone-error">{error}</p>}
      <form className="inline-form" onSubmit={submit} data-testid="settings-form">
        <TextField
          label="Overlap k (labels per pair)"
          type="number"
          min={1}
          max={20}
          step={1}
          value={overlap}
          onValue={setOverlap}
          required
          testId="settings-overlap"
        />
        <TextField
          label="Gold rate (0–1)"
          type="number"
          min={0}
          max={1}
          step={0.01}
          value={goldRate}
          onValue={setGoldRate}
          required
          testId="settings-gold-rate"
        />
        <TextField
          label="Lease (seconds)"
          type="number"
          min={10}
          max={86400}
          step={1}
          value={leaseSeconds}
          onValue={setLeaseSeconds}
          required
          testId="settings-lease"
        />
        <button type="submit" className="btn btn-primary" disabled={!settings} data-testid="settings-save">
          Save settings
        </button>
        {message && (
          <p className={`form-message tone-${message.tone}`} role="status">
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
