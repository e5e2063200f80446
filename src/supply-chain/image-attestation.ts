/** In-toto predicate type of SLSA provenance v1. */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

/** In-toto predicate type of SLSA provenance v0.2. */
export const SLSA_PROVENANCE_V02 = 'https://slsa.dev/provenance/v0.2';

/**
 * Operators of a Kyverno attestation condition.
 *
 * @see https://kyverno.io/docs/writing-policies/preconditions/#operators
 */
export enum AttestationConditionOperator {
  /** Equal (string values may use `*` and `?` wildcards). */
  EQUALS = 'Equals',
  /** Not equal. */
  NOT_EQUALS = 'NotEquals',
  /** Any of the key's values is in the value list. */
  ANY_IN = 'AnyIn',
  /** All of the key's values are in the value list. */
  ALL_IN = 'AllIn',
  /** None of the key's values is in the value list. */
  ANY_NOT_IN = 'AnyNotIn',
  /** Not all of the key's values are in the value list. */
  ALL_NOT_IN = 'AllNotIn',
}

/**
 * A condition on the predicate of an attestation (Kyverno backend).
 */
export interface AttestationCondition {
  /**
   * JMESPath into the predicate, as a Kyverno variable, e.g. `{{ runDetails.builder.id }}`.
   */
  readonly key: string;

  /**
   * How key and value are compared.
   */
  readonly operator: AttestationConditionOperator;

  /**
   * The expected value (a string, number, boolean or list).
   */
  readonly value: any;

  /**
   * Message shown when the condition fails.
   *
   * @default - Kyverno's generic message
   */
  readonly message?: string;
}

/**
 * A signed attestation that admitted images must carry (SLSA provenance, an SBOM, a scan result).
 *
 * The attestation must be signed by the policy's attestors: an attestation anyone could have
 * pushed proves nothing.
 */
export class ImageAttestation {
  /**
   * Requires an attestation of this in-toto predicate type, optionally with conditions (Kyverno only).
   *
   * @param predicateType e.g. `https://cyclonedx.org/bom`
   * @param conditions all must hold on the predicate
   */
  public static predicate(predicateType: string, conditions: AttestationCondition[] = []): ImageAttestation {
    if (typeof predicateType !== 'string' || !/^\S+:\/\/\S+$|^[a-z][a-z0-9.-]*\/\S+$/i.test(predicateType)) {
      throw new Error(`ImageAttestation.predicate: predicateType ${JSON.stringify(predicateType)} is not a predicate type URI; use e.g. '${SLSA_PROVENANCE_V1}'`);
    }
    for (const c of conditions) {
      if (typeof c.key !== 'string' || !/^\{\{.+\}\}$/s.test(c.key.trim())) {
        throw new Error(`ImageAttestation.predicate: condition key ${JSON.stringify(c.key)} is not a Kyverno variable; use e.g. '{{ runDetails.builder.id }}'`);
      }
      if (!Object.values(AttestationConditionOperator).includes(c.operator)) {
        throw new Error(`ImageAttestation.predicate: condition operator ${JSON.stringify(c.operator)} is not supported; use AttestationConditionOperator.EQUALS, NOT_EQUALS, ANY_IN, ALL_IN, ANY_NOT_IN or ALL_NOT_IN`);
      }
    }
    return new ImageAttestation(predicateType, conditions);
  }

  /**
   * Requires SLSA provenance v1, optionally built by a given builder.
   *
   * @param builderId the `runDetails.builder.id` the provenance must name; `*` is a wildcard
   *   (e.g. `https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v*`)
   */
  public static slsaProvenance(builderId?: string): ImageAttestation {
    const conditions = builderId === undefined ? [] : [{
      key: '{{ runDetails.builder.id }}',
      operator: AttestationConditionOperator.EQUALS,
      value: builderId,
      message: `SLSA provenance must be produced by ${builderId}`,
    }];
    return ImageAttestation.predicate(SLSA_PROVENANCE_V1, conditions);
  }

  /** The in-toto predicate type. */
  public readonly predicateType: string;

  /** Conditions on the predicate. */
  public readonly conditions: AttestationCondition[];

  private constructor(predicateType: string, conditions: AttestationCondition[]) {
    this.predicateType = predicateType;
    this.conditions = conditions;
  }

  /** @internal Kyverno verifyImages[].attestations[] entry. */
  public _kyverno(attestors: any[]): any {
    return {
      type: this.predicateType,
      attestors,
      ...(this.conditions.length > 0 ? {
        conditions: [{
          all: this.conditions.map((c) => ({ key: c.key, operator: c.operator, value: c.value, ...(c.message ? { message: c.message } : {}) })),
        }],
      } : {}),
    };
  }

  /** @internal policy-controller authorities[].attestations[] entry; undefined when conditions cannot be expressed. */
  public _sigstore(name: string): any | undefined {
    if (this.conditions.length > 0) return undefined;
    return { name, predicateType: this.predicateType };
  }
}
