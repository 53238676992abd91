/** What a hidden namespace's name becomes in anything that leaves the server. */
export const HIDDEN_NAMESPACE = '<hidden namespace>';
/** What the name of an object in a hidden namespace becomes. */
export const HIDDEN_NAME = '<hidden>';
