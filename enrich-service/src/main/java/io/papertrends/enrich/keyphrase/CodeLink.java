package io.papertrends.enrich.keyphrase;

import java.util.Locale;
import java.util.Objects;

/**
 * A link to code, models or a project page found in an abstract.
 *
 * @param url the normalized URL: scheme added when missing, trailing punctuation removed
 * @param kind where it points
 */
public record CodeLink(String url, Kind kind) {

    /** Where a link points. */
    public enum Kind {
        /** A repository or page on github.com. */
        GITHUB,
        /** A GitLab instance (gitlab.com or a self-hosted gitlab.* host). */
        GITLAB,
        /** A model, data set or space on Hugging Face. */
        HUGGINGFACE,
        /** Any other page: project pages, github.io sites, demos. */
        PROJECT;

        /** The lower-case name used in records and JSON: github, gitlab, huggingface, project. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Rejects nulls. */
    public CodeLink {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
    }
}
