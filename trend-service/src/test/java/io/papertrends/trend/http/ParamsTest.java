package io.papertrends.trend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.papertrends.keywords.KeywordNormalizer;
import io.papertrends.trend.api.QueryException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private final Params params = new Params(List.of("1h", "24h", "7d"), "24h", 50);

    private static void rejected(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.reasonCode()).isEqualTo(code);
            assertThat(e.reason()).isNotBlank();
        });
    }

    @Test
    void shouldAcceptConfiguredWindowsOnly() {
        assertThat(params.window(null)).isEqualTo("24h");
        assertThat(params.window("1h")).isEqualTo("1h");
        rejected(() -> params.window("2h"), "BAD_WINDOW");
        rejected(() -> params.window("1H"), "BAD_WINDOW");
        assertThat(params.windowFilter(null)).isNull();
    }

    @Test
    void shouldTakeNowForTheShortestWindow() {
        assertThat(new Params(List.of("1h", "15m", "24h"), "24h", 50).window("now")).isEqualTo("15m");
        assertThat(new Params(List.of("24h", "90m"), "24h", 50).window("now")).isEqualTo("90m");
        assertThat(Params.shortest(List.of("7d", "1h", "24h"))).isEqualTo("1h");
    }

    /** Keyphrases of papers in the bundled sample page, as the papers write them. */
    static final List<String> REAL_PHRASES = List.of("Graph Neural Networks", "Spiking Neural Networks", "Transformers",
            "Named-Entity Recognition", "Recurrent Neural Networks", "Gaussian Processes", "Neural Tangent Kernel",
            "Dialog Act Classification", "Sparse Adversarial Attack", "Surrogate Gradients", "Radiance Fields", "Event Cameras",
            "Concept Extraction", "Hyperbolic Brain Representations", "Coherent Nanophotonic Circuits", "Symbolic Mathematics",
            "Curriculum Learning", "Representation Learning", "Self-Supervised Learning", "Generalisation", "Regularisation",
            "state-of-the-art results", "Language Model's Outputs", "Diffusion Models", "Retrieval-Augmented Generation",
            "Large Language Models", "Multi-Dimensional Scaling", "Supervised Fine-Tuning", "Accelerated Inference");

    private static List<String> names(Params.Scope scope) {
        return scope.names();
    }

    @Test
    void shouldAcceptTheThreeKindsOfScopeWithBoundedLength() {
        assertThat(names(params.scope(null))).containsExactly("global");
        assertThat(params.scope("keyword:large language model").first()).isEqualTo("keyword:large language model");
        assertThat(names(params.scope("category:cs.CL"))).containsExactly("category:cs.CL");
        rejected(() -> params.scope("Global"), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:"), "BAD_SCOPE");
        rejected(() -> params.scope("topic:x"), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:a|b"), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:a\nb"), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:x "), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:" + "x".repeat(Params.MAX_SCOPE)), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:, ;"), "BAD_SCOPE");
    }

    @Test
    void shouldNormaliseWhatAPersonTypesIntoTheStoredForm() {
        assertThat(names(params.scope("keyword:Graph Neural Networks"))).containsExactly("keyword:graph neural network");
        assertThat(names(params.scope("keyword:Transformers"))).containsExactly("keyword:transform");
        assertThat(names(params.scope("keyword:graph  neural networks"))).containsExactly("keyword:graph neural network");
        // Lower case as typed could be a stored form: tried as given first, then normalised.
        assertThat(names(params.scope("keyword:transformers"))).containsExactly("keyword:transformers", "keyword:transform");
        assertThat(names(params.scope("category:cs.CL"))).as("categories are names, not phrases").containsExactly("category:cs.CL");
        assertThat(names(params.scope("global"))).containsExactly("global");
        assertThat(names(params.scopeFilter("keyword:Diffusion Models"))).containsExactly("keyword:diffus model");
    }

    @Test
    void shouldKeepEveryStoredFormOfRealPhrasesAsItIs() {
        int notIdempotent = 0;
        for (String phrase : REAL_PHRASES) {
            String stored = KeywordNormalizer.normalize(phrase);
            assertThat(names(params.scope("keyword:" + phrase))).as(phrase).contains("keyword:" + stored);
            assertThat(params.scope("keyword:" + stored).first()).as("the stored form of '%s'", phrase).isEqualTo("keyword:" + stored);
            if (!KeywordNormalizer.normalize(stored).equals(stored)) {
                notIdempotent++;
            }
        }
        // Why stored forms are taken as given first: Porter stemming is not idempotent.
        assertThat(KeywordNormalizer.normalize("Representation Learning")).isEqualTo("represent learn");
        assertThat(KeywordNormalizer.normalize("represent learn")).isEqualTo("repres learn");
        assertThat(notIdempotent).isPositive();
    }

    @Test
    void shouldBoundTheLimitByTopK() {
        assertThat(params.limit(null)).isEqualTo(20);
        assertThat(params.limit("50")).isEqualTo(50);
        assertThat(new Params(List.of("1h"), "1h", 10).limit(null)).isEqualTo(10);
        rejected(() -> params.limit("0"), "BAD_LIMIT");
        rejected(() -> params.limit("51"), "BAD_LIMIT");
        rejected(() -> params.limit("ten"), "BAD_LIMIT");
        rejected(() -> params.limit("99999999999"), "BAD_LIMIT");
    }

    @Test
    void shouldRejectUnusablePaperIds() {
        assertThat(Params.paperId("doi:10.1/x")).isEqualTo("doi:10.1/x");
        rejected(() -> Params.paperId(" "), "BAD_PAPER_ID");
        rejected(() -> Params.paperId("a\u0000b"), "BAD_PAPER_ID");
        rejected(() -> Params.paperId("x".repeat(Params.MAX_PAPER_ID + 1)), "BAD_PAPER_ID");
    }

    @Test
    void shouldTakeWindowNamesFromThePopularitySetting() {
        assertThat(HttpConfig.windowNames(HttpConfig.DEFAULT_WINDOWS)).containsExactly("10m", "1h", "24h", "7d");
        assertThat(HttpConfig.windowNames(" 30m:5m , 2h:30m ")).containsExactly("30m", "2h");
        assertThatThrownBy(() -> HttpConfig.windowNames("1h")).isInstanceOf(IllegalArgumentException.class);
    }
}
