/**
 * RBAC verb sets, as data.
 *
 * Every grant helper takes its verbs from here, so what "read" means is decided once. The split
 * follows what `resourceNames` can restrict: RBAC matches a rule's `resourceNames` against the name
 * in the request, so verbs whose requests carry a name (get, update, patch, delete, and list/watch
 * with `fieldSelector=metadata.name=<name>`) can be scoped to named objects; `create` (the name is not
 * known at authorization time) and `deletecollection` (acts on a selector) cannot.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
 */
export class RbacVerbs {
  /** Read one or more objects: get, list, watch (list/watch by name need a metadata.name field selector). */
  public static readonly READ: string[] = frozen(['get', 'list', 'watch']);

  /**
   * Read a Secret by name: get only.
   *
   * A workload that knows which Secret it needs fetches it by name; list and watch stream values
   * and are the verbs attackers use to harvest a namespace's credentials.
   */
  public static readonly SECRET_READ: string[] = frozen(['get']);

  /** Change or remove a named object: update, patch, delete. */
  public static readonly WRITE_BY_NAME: string[] = frozen(['update', 'patch', 'delete']);

  /** Verbs that `resourceNames` cannot restrict: create, deletecollection. */
  public static readonly NOT_RESTRICTABLE_BY_NAME: string[] = frozen(['create', 'deletecollection']);

  /**
   * Verbs that hand out more privilege than the rule itself: escalate and bind (on roles), impersonate
   * (on users, groups and service accounts).
   */
  public static readonly PRIVILEGE_ESCALATION: string[] = frozen(['escalate', 'bind', 'impersonate']);

  private constructor() {}
}

function frozen(verbs: string[]): string[] {
  return Object.freeze(verbs) as string[];
}
