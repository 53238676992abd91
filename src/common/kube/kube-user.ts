/** The Kubernetes user a call acts as under impersonation (Impersonate-User / Impersonate-Group). */
export interface KubeUser {
  readonly username: string;
  readonly groups: readonly string[];
}
