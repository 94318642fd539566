package io.papertrends.stack.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Compatibility levels of the Confluent API, checked with Avro's own compatibility checker. */
enum CompatibilityLevel {
    NONE, BACKWARD, FORWARD, FULL, BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE;

    static CompatibilityLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw RegistryError.invalidCompatibility(String.valueOf(text));
        }
    }

    boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /**
     * Why {@code candidate} may not follow {@code previous} (oldest first) at this level; empty
     * when it may. Non-transitive levels check against the latest previous schema only.
     */
    List<String> violations(Schema candidate, List<Schema> previous) {
        List<String> messages = new ArrayList<>();
        if (this == NONE || previous.isEmpty()) {
            return messages;
        }
        List<Schema> against = transitive() ? previous : List.of(previous.get(previous.size() - 1));
        boolean backward = this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
        boolean forward = this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
        for (Schema old : against) {
            if (backward) {
                check(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "new schema cannot read data written with an earlier one", messages);
            }
            if (forward) {
                check(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "an earlier schema cannot read data written with the new one", messages);
            }
        }
        return messages;
    }

    private static void check(SchemaPairCompatibility result, String what, List<String> messages) {
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            result.getResult().getIncompatibilities().forEach(i -> messages.add(what + ": {errorType:'" + i.getType()
                    + "', description:'" + i.getMessage() + "', location:'" + i.getLocation() + "'}"));
        }
    }
}
