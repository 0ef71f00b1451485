import type { OverallAgreement } from '../../../../shared/schemas/annotators';
import { coefficient, coefficientTone } from './format';

/** Fleiss' κ and Krippendorff's α over every overlapped pair, with what each was computed on. */
export function AgreementFigures({ overall }: { overall: OverallAgreement }) {
  const { fleiss, alpha } = overall;
  return (
    <dl className="agreement-figures">
      <div className="figure" data-testid="fleiss-kappa">
        <dt>Fleiss' κ</dt>
        <dd className={coefficientTone(fleiss.kappa)}>{coefficient(fleiss.kappa)}</dd>
        <dd className="muted small">
          {fleiss.items} pairs × {fleiss.raters} labels
        </dd>
      </div>
      <div className="figure" data-testid="krippendorff-alpha">
        <dt>Krippendorff's α</dt>
        <dd className={coefficientTone(alpha.alpha)}>{coefficient(alpha.alpha)}</dd>
        <dd className="muted small">
          {alpha.items} pairs, {alpha.ratings} labels
        </dd>
      </div>
      <div className="figure">
        <dt>Overlapped pairs</dt>
        <dd data-testid="overlapped-pairs">{overall.overlapped.toLocaleString()}</dd>
        <dd className="muted small">of {overall.labels.toLocaleString()} labels</dd>
      </div>
    </dl>
  );
}
