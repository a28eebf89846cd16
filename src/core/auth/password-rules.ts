/**
 * The password lengths, on the ground floor because the boot check of
 * ADMIN_PASSWORD (core/config) reads them as well as the users module's
 * policy (src/users/password-policy.ts).
 */

/** The shortest password that may be set (existing shorter ones keep working: the policy applies when a password is set). */
export const PASSWORD_MIN_CHARS = 10;

/**
 * bcrypt reads only the first 72 bytes: a longer password would be cut
 * silently (and anything after byte 72 would not matter). We refuse longer
 * rather than pre-hash: pre-hashing would change the format of every stored
 * hash, and 72 bytes is 72 Latin or 24 Chinese characters, plenty for a
 * passphrase.
 */
export const PASSWORD_MAX_BYTES = 72;
