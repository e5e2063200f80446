/**
 * Why a finding does not count: the one place the engine asks, for each object and check, whether
 * a failure is suppressed, and by what.
 *
 * In order: the object's own suppression annotation (./suppressions.ts), an entry of the
 * exceptions file (./exceptions-file.ts), and, unless `includeManaged`, the object being one
 * Kubernetes manages itself (./rbac/managed.ts). A suppressed finding is never dropped: it is
 * reported with the reason, and managed ones are also counted apart (`summary.managed`).
 */
import { Finding } from './check';
import { ExceptionsFile, ExceptionsMatcher } from './exceptions-file';
import { managedReason } from './rbac/managed';
import { findSuppression, readSuppressions } from './suppressions';

/** Why a finding is suppressed. */
export interface Exemption {
  /** The reason shown with the finding. */
  readonly reason: string;
  /** True when the object is managed by Kubernetes (counted apart). */
  readonly managed: boolean;
}

/** Options of {@link Exemptions}. */
export interface ExemptionsOptions {
  readonly now: Date;
  /** Judge objects managed by Kubernetes like any other. @default false */
  readonly includeManaged?: boolean;
  /** A parsed exceptions file. @default - none */
  readonly exceptions?: ExceptionsFile;
}

/** The exemption of one object's finding for a check id, or undefined. */
export type ObjectExemptions = (checkId: string) => Exemption | undefined;

const NONE: ObjectExemptions = () => undefined;

/** The exemptions of an evaluation. */
export class Exemptions {
  private readonly matcher?: ExceptionsMatcher;

  constructor(private readonly options: ExemptionsOptions) {
    if (options.exceptions) this.matcher = new ExceptionsMatcher(options.exceptions, options.now);
  }

  /** What exempts the findings of one object (cheap when nothing can). */
  public of(object: Record<string, any>): ObjectExemptions {
    const suppressions = readSuppressions(object, this.options.now);
    const matcher = this.matcher && !this.matcher.empty ? this.matcher : undefined;
    const managed = this.options.includeManaged ? undefined : managedReason(object);
    if (suppressions.active.length === 0 && !matcher && managed === undefined) return NONE;
    return (checkId) => {
      const annotated = findSuppression(suppressions, checkId);
      if (annotated) return { reason: annotated.reason, managed: false };
      const listed = matcher?.reasonFor(object, checkId);
      if (listed !== undefined) return { reason: listed, managed: false };
      return managed !== undefined ? { reason: managed, managed: true } : undefined;
    };
  }

  /** Findings about the exemptions themselves (malformed or expired exceptions file entries). */
  public findings(): Finding[] {
    return this.matcher ? this.matcher.findings() : [];
  }
}
