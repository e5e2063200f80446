import { WorkloadIdentity } from '../../src/rbac/workload-identity';

describe('WorkloadIdentity', () => {
  test('awsIrsa annotates the role ARN and needs no pod labels', () => {
    const id = WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/api-server');
    expect(id.provider).toBe('aws-irsa');
    expect(id.serviceAccountAnnotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/api-server' });
    expect(id.podLabels).toEqual({});
  });

  test.each([
    'arn:aws-cn:iam::123456789012:role/api',
    'arn:aws-us-gov:iam::123456789012:role/team/service/api-server',
    'arn:aws:iam::123456789012:role/api+server=1,a.b@c_d',
  ])('awsIrsa accepts %s', (arn) => {
    expect(WorkloadIdentity.awsIrsa(arn).serviceAccountAnnotations['eks.amazonaws.com/role-arn']).toBe(arn);
  });

  test.each([
    'arn:aws:iam::12345678901:role/api',
    'arn:aws:iam::123456789012:user/alice',
    'arn:aws:sts::123456789012:assumed-role/api/session',
    'api-server',
    'arn:aws:iam::123456789012:role/',
  ])('fails for the role ARN %s', (arn) => {
    expect(() => WorkloadIdentity.awsIrsa(arn)).toThrow(
      `WorkloadIdentity.awsIrsa: role ARN "${arn}" is not an IAM role ARN; use 'arn:aws:iam::<12-digit account id>:role/<role name>' (partitions aws, aws-cn, aws-us-gov)`);
  });

  test('gke annotates the Google service account and needs no pod labels', () => {
    const id = WorkloadIdentity.gke('api-server@my-project.iam.gserviceaccount.com');
    expect(id.provider).toBe('gke');
    expect(id.serviceAccountAnnotations).toEqual({ 'iam.gke.io/gcp-service-account': 'api-server@my-project.iam.gserviceaccount.com' });
    expect(id.podLabels).toEqual({});
  });

  test.each([
    'api@my-project.iam.gserviceaccount.com',
    'api-server@my-project.gserviceaccount.com',
    'api-server@gmail.com',
    'Api-Server@my-project.iam.gserviceaccount.com',
  ])('fails for the Google service account %s', (email) => {
    expect(() => WorkloadIdentity.gke(email)).toThrow(
      `WorkloadIdentity.gke: service account "${email}" is not a Google service account email; use '<name>@<project-id>.iam.gserviceaccount.com'`);
  });

  test('azure annotates the client id and asks the pods for the webhook label', () => {
    const id = WorkloadIdentity.azure('11111111-2222-3333-4444-555555555555');
    expect(id.provider).toBe('azure');
    expect(id.serviceAccountAnnotations).toEqual({ 'azure.workload.identity/client-id': '11111111-2222-3333-4444-555555555555' });
    expect(id.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  test('azure annotates the tenant id when given', () => {
    const id = WorkloadIdentity.azure('11111111-2222-3333-4444-555555555555', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(id.serviceAccountAnnotations).toEqual({
      'azure.workload.identity/client-id': '11111111-2222-3333-4444-555555555555',
      'azure.workload.identity/tenant-id': 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    });
  });

  test('fails for a client id that is not a GUID', () => {
    expect(() => WorkloadIdentity.azure('my-identity')).toThrow(
      "WorkloadIdentity.azure: client id \"my-identity\" is not a GUID; use the managed identity's client id, e.g. '00000000-0000-0000-0000-000000000000'");
  });

  test('fails for a tenant id that is not a GUID', () => {
    expect(() => WorkloadIdentity.azure('11111111-2222-3333-4444-555555555555', 'contoso.onmicrosoft.com')).toThrow(
      "WorkloadIdentity.azure: tenant id \"contoso.onmicrosoft.com\" is not a GUID; use the Entra tenant id, e.g. '00000000-0000-0000-0000-000000000000', or omit it");
  });
});
