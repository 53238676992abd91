/**
 * Annotation names that several layers read. They live at the bottom so that security/ (which must
 * import nothing from k8s/) and k8s/ name them the same way.
 */

/** kubectl apply copies the whole object (a Secret's data too) into this annotation. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
