package io.papertrends.stack.registry;

/** An error answered in the Confluent format: HTTP status plus {@code error_code} and {@code message}. */
final class RegistryError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final int code;

    RegistryError(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** Confluent's answer when authenticated credentials lack the right (its RBAC's 40301). */
    static RegistryError forbidden(String operation) {
        return new RegistryError(403, 40301, "User is denied operation " + operation + ": these credentials may only read");
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String subject, Object version) {
        return new RegistryError(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryError schemaNotFound(String detail) {
        return new RegistryError(404, 40403, "Schema not found" + (detail.isEmpty() ? "." : ": " + detail));
    }

    static RegistryError invalidSchema(String detail) {
        return new RegistryError(422, 42201, "Invalid schema: " + detail);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, 42202, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError invalidCompatibility(String level) {
        return new RegistryError(422, 42203, "Invalid compatibility level '" + level
                + "'. Valid values are NONE, BACKWARD, FORWARD, FULL, BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE");
    }
}
