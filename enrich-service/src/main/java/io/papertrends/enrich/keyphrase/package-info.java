/**
 * Keyphrases and code links of research-paper abstracts: plain Java, no Kafka types.
 *
 * <ul>
 *   <li>{@link io.papertrends.enrich.keyphrase.KeyphraseExtractor}: unsupervised, ranked
 *       keyphrases of a title and abstract, reading corpus statistics through
 *       {@link io.papertrends.enrich.keyphrase.CorpusStats} (in memory, or a state store the
 *       streaming job supplies).
 *   <li>{@link io.papertrends.enrich.keyphrase.CodeLinkExtractor}: GitHub, GitLab, Hugging Face
 *       and project-page links.
 *   <li>{@link io.papertrends.enrich.keyphrase.KeyphraseTool}: the {@code keyphrases} command.
 * </ul>
 *
 * <p>The evaluation protocol and the benchmark ({@code ./papertrends bench keyphrases}) live in
 * the bench module, beside the services.
 */
package io.papertrends.enrich.keyphrase;
