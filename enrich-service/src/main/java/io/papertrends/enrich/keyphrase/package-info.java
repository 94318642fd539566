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
 *   <li>{@link io.papertrends.enrich.keyphrase.KeyphraseEvaluator}: the scoring protocol of
 *       {@code shared/datasets/README.md}.
 *   <li>{@link io.papertrends.enrich.keyphrase.KeyphraseTool}: the {@code keyphrases} command.
 *   <li>{@link io.papertrends.enrich.keyphrase.KeyphraseBenchmark}: F1@5, F1@10 and documents/s
 *       of the extractor beside a TF-IDF baseline; run it from the repository root with
 *       {@code java -cp enrich-service/target/classes:<dependency classpath>
 *       io.papertrends.enrich.keyphrase.KeyphraseBenchmark [dataset.jsonl]}.
 * </ul>
 */
package io.papertrends.enrich.keyphrase;
