import { IConstruct, Node } from 'constructs';

/** Metadata type under which hardening warnings are recorded on a construct node. */
export const HARDENING_WARNING_METADATA = 'cdk8s-hardened:warning';

/** Context key that turns every unacknowledged hardening warning into a synth error. */
export const STRICT_CONTEXT_KEY = 'cdk8s-hardened:strict';

/**
 * A hardening warning: a secure default that was weakened on purpose.
 */
export interface HardeningWarning {
  /** Stable id, e.g. `HardenedDeployment.WritableRootFilesystem`. */
  readonly id: string;
  /** Human readable message, naming the opt-out and its reason. */
  readonly message: string;
  /** Path of the construct that carries the warning. */
  readonly path: string;
  /** The acknowledgement reason, if the warning was acknowledged. */
  readonly acknowledgedReason?: string;
}

interface Acknowledgement {
  readonly id: string;
  readonly reason: string;
}

const ACK_METADATA = 'cdk8s-hardened:acknowledgement';

/**
 * Records and acknowledges hardening warnings.
 *
 * Every weakening of a secure default (running as root, a writable root filesystem, an added
 * capability, ...) is an explicit opt-out that leaves a warning with a stable id. Warnings can be
 * acknowledged with a reason on the construct or any of its ancestors; with the context key
 * `cdk8s-hardened:strict` set to `true`, unacknowledged warnings fail synthesis.
 */
export class Hardening {
  /** Returns the hardening feedback of a construct. */
  public static of(scope: IConstruct): Hardening {
    return new Hardening(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Records a warning with a stable id on this construct.
   *
   * @param id stable warning id, `<Construct>.<Weakening>`
   * @param message what was weakened and why it matters
   */
  public addWarning(id: string, message: string): void {
    const node = this.scope.node;
    node.addMetadata(HARDENING_WARNING_METADATA, { id, message });
    node.addValidation({
      validate: () => {
        if (node.tryGetContext(STRICT_CONTEXT_KEY) !== true && node.tryGetContext(STRICT_CONTEXT_KEY) !== 'true') return [];
        return acknowledgementOf(this.scope, id) === undefined
          ? [`[${id}] ${message} (strict mode: acknowledge it with Hardening.of(scope).acknowledge('${id}', reason))`]
          : [];
      },
    });
  }

  /**
   * Acknowledges a warning id for this construct and everything below it.
   *
   * @param id the warning id to acknowledge
   * @param reason why the weakening is acceptable (at least 10 characters)
   */
  public acknowledge(id: string, reason: string): void {
    if (!reason || reason.trim().length < 10) {
      throw new Error(`${this.scope.constructor.name} '${this.scope.node.path}': acknowledgement of '${id}' needs a reason of at least 10 characters, got ${JSON.stringify(reason)}`);
    }
    this.scope.node.addMetadata(ACK_METADATA, { id, reason } satisfies Acknowledgement);
  }

  /** All warnings recorded on this construct and below it, with their acknowledgement if any. */
  public get warnings(): HardeningWarning[] {
    const out: HardeningWarning[] = [];
    for (const c of this.scope.node.findAll()) {
      for (const m of c.node.metadata) {
        if (m.type !== HARDENING_WARNING_METADATA) continue;
        const { id, message } = m.data as { id: string; message: string };
        out.push({ id, message, path: c.node.path, acknowledgedReason: acknowledgementOf(c, id) });
      }
    }
    return out;
  }

  /** Warnings below this construct that nobody acknowledged. */
  public get unacknowledgedWarnings(): HardeningWarning[] {
    return this.warnings.filter((w) => w.acknowledgedReason === undefined);
  }
}

function acknowledgementOf(scope: IConstruct, id: string): string | undefined {
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    for (const m of Node.of(c).metadata) {
      if (m.type === ACK_METADATA && (m.data as Acknowledgement).id === id) return (m.data as Acknowledgement).reason;
    }
  }
  return undefined;
}

/**
 * An explicit, reasoned opt-out from a secure default.
 *
 * Every prop that weakens a control takes an `OptOut` rather than a boolean, so the weakening can
 * never happen by accident and its reason travels with it: the construct records a hardening
 * warning with a stable id and the reason, and writes the reason into the manifest where useful.
 *
 * @example
 * new HardenedDeployment(chart, 'legacy', { ..., runAsRoot: OptOut.because('vendor image needs root, SEC-142') });
 */
export class OptOut {
  /**
   * Opts out of a secure default for a documented reason.
   *
   * @param reason why the weakening is acceptable; at least 10 characters (a ticket, a risk acceptance)
   */
  public static because(reason: string): OptOut {
    if (typeof reason !== 'string' || reason.trim().length < 10) {
      throw new Error(`OptOut.because: the reason must be at least 10 characters, got ${JSON.stringify(reason)}; say why the weakening is acceptable (a ticket or risk acceptance)`);
    }
    return new OptOut(reason.trim());
  }

  /** The documented reason. */
  public readonly reason: string;

  private constructor(reason: string) {
    this.reason = reason;
  }
}
