const IRSA_ROLE_ARN_RE = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::[0-9]{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const GSA_EMAIL_RE = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9][a-z0-9.:-]*[a-z0-9]\.iam\.gserviceaccount\.com$/;
const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * A cloud identity bound to a ServiceAccount (workload identity federation).
 *
 * Workload identity replaces long-lived cloud keys in Secrets with short-lived tokens issued to the
 * ServiceAccount: nothing to leak, nothing to rotate. Each provider reads an annotation on the
 * ServiceAccount; Azure also needs a label on the pods, exposed as `podLabels` for the workload.
 * None of them needs `automountServiceAccountToken`: the EKS and Azure webhooks project their own
 * audience-bound token, GKE uses the node metadata server.
 */
export class WorkloadIdentity {
  /**
   * AWS IAM Roles for Service Accounts (EKS): annotation `eks.amazonaws.com/role-arn`.
   *
   * @param roleArn the IAM role ARN, `arn:aws:iam::<12-digit account id>:role/<name>`
   * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
   */
  public static awsIrsa(roleArn: string): WorkloadIdentity {
    if (typeof roleArn !== 'string' || !IRSA_ROLE_ARN_RE.test(roleArn)) {
      throw new Error(`WorkloadIdentity.awsIrsa: role ARN ${JSON.stringify(roleArn)} is not an IAM role ARN; use 'arn:aws:iam::<12-digit account id>:role/<role name>' (partitions aws, aws-cn, aws-us-gov)`);
    }
    return new WorkloadIdentity('aws-irsa', { 'eks.amazonaws.com/role-arn': roleArn }, {});
  }

  /**
   * GKE Workload Identity: annotation `iam.gke.io/gcp-service-account`.
   *
   * @param gsaEmail the Google service account, `<name>@<project>.iam.gserviceaccount.com`
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
   */
  public static gke(gsaEmail: string): WorkloadIdentity {
    if (typeof gsaEmail !== 'string' || !GSA_EMAIL_RE.test(gsaEmail)) {
      throw new Error(`WorkloadIdentity.gke: service account ${JSON.stringify(gsaEmail)} is not a Google service account email; use '<name>@<project-id>.iam.gserviceaccount.com'`);
    }
    return new WorkloadIdentity('gke', { 'iam.gke.io/gcp-service-account': gsaEmail }, {});
  }

  /**
   * Azure Workload Identity: annotations `azure.workload.identity/client-id` (and `tenant-id`), plus the
   * pod label `azure.workload.identity/use: "true"` (see `podLabels`) that opts the pods into the webhook.
   *
   * @param clientId the client id (GUID) of the managed identity or app registration
   * @param tenantId the tenant id (GUID); defaults to the cluster's tenant when omitted
   * @see https://azure.github.io/azure-workload-identity/docs/topics/service-account-labels-and-annotations.html
   */
  public static azure(clientId: string, tenantId?: string): WorkloadIdentity {
    if (typeof clientId !== 'string' || !GUID_RE.test(clientId)) {
      throw new Error(`WorkloadIdentity.azure: client id ${JSON.stringify(clientId)} is not a GUID; use the managed identity's client id, e.g. '00000000-0000-0000-0000-000000000000'`);
    }
    if (tenantId !== undefined && !GUID_RE.test(tenantId)) {
      throw new Error(`WorkloadIdentity.azure: tenant id ${JSON.stringify(tenantId)} is not a GUID; use the Entra tenant id, e.g. '00000000-0000-0000-0000-000000000000', or omit it`);
    }
    const annotations: { [key: string]: string } = { 'azure.workload.identity/client-id': clientId };
    if (tenantId !== undefined) annotations['azure.workload.identity/tenant-id'] = tenantId;
    return new WorkloadIdentity('azure', annotations, { 'azure.workload.identity/use': 'true' });
  }

  /** The provider: `aws-irsa`, `gke` or `azure`. */
  public readonly provider: string;

  /** Annotations the ServiceAccount carries. */
  public readonly serviceAccountAnnotations: { [key: string]: string };

  /** Labels the pods running as the ServiceAccount must carry (empty for AWS and GKE). */
  public readonly podLabels: { [key: string]: string };

  private constructor(provider: string, serviceAccountAnnotations: { [key: string]: string }, podLabels: { [key: string]: string }) {
    this.provider = provider;
    this.serviceAccountAnnotations = serviceAccountAnnotations;
    this.podLabels = podLabels;
  }
}
