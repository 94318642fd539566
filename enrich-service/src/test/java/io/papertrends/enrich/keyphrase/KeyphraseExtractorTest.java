package io.papertrends.enrich.keyphrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class KeyphraseExtractorTest {

    static final String TITLE = "Complex Langevin Dynamics for Lattice Field Theories";
    static final String ABSTRACT = "Complex Langevin (CL) dynamics provides an approach to"
            + " circumvent the sign problem in numerical simulations of lattice field theories with a"
            + " complex Boltzmann weight, since it does not rely on importance sampling. In recent"
            + " years a number of stimulating results has been obtained at nonzero chemical"
            + " potential, in both lower and four-dimensional field theories with a severe sign"
            + " problem in the thermodynamic limit. The probability distribution in the complexified"
            + " configuration space, which is sampled during the Langevin process, has been"
            + " clarified. This insight has led to promising results in nonabelian gauge theories"
            + " with gauge cooling, and to a better understanding of the sign problem.";

    private static List<String> phrases(List<Keyphrase> keyphrases) {
        return keyphrases.stream().map(Keyphrase::phrase).toList();
    }

    @Test
    void shouldLearnAndExtractInOnePassAsLearnThenExtract() {
        List<String[]> papers = List.of(
                new String[] {TITLE, ABSTRACT},
                new String[] {"", "Random walk sampling estimates a cut of the graph. Spectral graph partitioning (SGP) splits a"
                        + " network into parts. We compare random walk sampling and spectral graph partitioning on road networks."},
                new String[] {"Sign Problems", "The sign problem of lattice field theories at nonzero chemical potential."},
                new String[] {"", ""},
                new String[] {TITLE, ABSTRACT});
        KeyphraseExtractor twoPasses = new KeyphraseExtractor(CorpusStats.coldStart());
        KeyphraseExtractor onePass = new KeyphraseExtractor(CorpusStats.coldStart());

        for (String[] p : papers) {
            twoPasses.learn(p[0], p[1]);
            List<Keyphrase> expected = twoPasses.extract(p[0], p[1], 10);

            assertThat(onePass.learnAndExtract(p[0], p[1], 10)).isEqualTo(expected);
            assertThat(onePass.stats().documentCount()).isEqualTo(twoPasses.stats().documentCount());
        }
        assertThat(onePass.learnAndExtract(TITLE, ABSTRACT, 0)).isEmpty();
        twoPasses.learn(TITLE, ABSTRACT);
        assertThat(onePass.stats().documentFrequency("sign problem")).isEqualTo(twoPasses.stats().documentFrequency("sign problem")).isPositive();
    }

    @Test
    void shouldFindTheTermsOfAnAbstract() {
        List<Keyphrase> top = new KeyphraseExtractor().extract(TITLE, ABSTRACT, 10);

        assertThat(phrases(top)).hasSize(10)
                .contains("sign problem", "nonzero chemical potential", "importance sampling");
        assertThat(phrases(top)).anyMatch(p -> p.toLowerCase().startsWith("complex langevin"));
        assertThat(phrases(top)).noneMatch(p -> p.matches("(?i).*\\b(the|of|in|has|been)\\b.*"));
    }

    @Test
    void shouldReturnPhrasesAsTheyReadWithStemmedNormalizedForms() {
        List<Keyphrase> top = new KeyphraseExtractor().extract(TITLE, ABSTRACT, 10);

        Keyphrase potential = top.stream()
                .filter(k -> k.phrase().equals("nonzero chemical potential")).findFirst().orElseThrow();
        assertThat(potential.normalized()).isEqualTo("nonzero chemic potenti");
    }

    @Test
    void shouldRankATermTheAuthorsAbbreviateAndItsAbbreviationHigher() {
        String defined = "Random walk sampling estimates a cut of the graph. Spectral graph"
                + " partitioning (SGP) splits a network into parts. We compare random walk sampling"
                + " and spectral graph partitioning on road networks.";
        String mentioned = defined.replace("(SGP)", ", SGP,");
        String otherLetter = defined.replace("(SGP)", "(QGP)");
        KeyphraseExtractor extractor = new KeyphraseExtractor();

        List<Keyphrase> top = extractor.extract("", defined, 10);

        assertThat(phrases(top).subList(0, 2)).containsExactly("Spectral graph partitioning", "SGP");
        double definedScore = scoreOf(top, "spectral graph partit");
        assertThat(definedScore).isGreaterThan(
                2 * scoreOf(extractor.extract("", mentioned, 10), "spectral graph partit"));
        assertThat(scoreOf(top, "sgp")).isGreaterThan(
                2 * scoreOf(extractor.extract("", mentioned, 10), "sgp"));
        // An abbreviation that starts with another letter defines something else.
        assertThat(scoreOf(extractor.extract("", otherLetter, 10), "spectral graph partit"))
                .isLessThan(definedScore / 2);
    }

    @Test
    void shouldRankAPhraseEndingInAnAcronymHigher() {
        String body = "Spectra were measured by NMR and by optical absorption. The NMR spectra and"
                + " the optical absorption agree.";
        KeyphraseExtractor.Tuning d = KeyphraseExtractor.Tuning.DEFAULT;
        KeyphraseExtractor withoutAcronymWeight =
                new KeyphraseExtractor(CorpusStats.coldStart(), d.withAcronymWeight(0.0));

        List<Keyphrase> top = new KeyphraseExtractor().extract("", body, 10);
        List<Keyphrase> plain = withoutAcronymWeight.extract("", body, 10);

        assertThat(scoreOf(top, "nmr")).isEqualTo((1 + d.acronymWeight()) * scoreOf(plain, "nmr"));
        assertThat(scoreOf(top, "optic absorpt")).isEqualTo(scoreOf(plain, "optic absorpt"));
    }

    @Test
    void shouldRankAPhraseWhoseHeadWordRecursHigher() {
        String body = "Photon echo signals and optical absorption were recorded. Raw signals are"
                + " noisy, and the signals decay.";
        KeyphraseExtractor.Tuning d = KeyphraseExtractor.Tuning.DEFAULT;
        KeyphraseExtractor withoutHeadWeight =
                new KeyphraseExtractor(CorpusStats.coldStart(), d.withHeadWeight(0.0));

        List<Keyphrase> top = new KeyphraseExtractor().extract("", body, 10);
        List<Keyphrase> plain = withoutHeadWeight.extract("", body, 10);

        // "signals" occurs three times, "photon echo signals" once; "absorption" only in its phrase.
        assertThat(scoreOf(top, "photon echo signal") / scoreOf(plain, "photon echo signal"))
                .isCloseTo(Math.pow(3, d.headWeight()), within(1e-9));
        assertThat(scoreOf(top, "optic absorpt")).isEqualTo(scoreOf(plain, "optic absorpt"));
    }

    @Test
    void shouldCountALoneNameHalf() {
        String body = "Intervals after Feldman cover the true value. Feldman intervals and Bayesian"
                + " intervals differ in Feldman's treatment of physical boundaries.";
        KeyphraseExtractor.Tuning d = KeyphraseExtractor.Tuning.DEFAULT;
        KeyphraseExtractor plainExtractor =
                new KeyphraseExtractor(CorpusStats.coldStart(), d.withNameWeight(1.0));

        List<Keyphrase> top = new KeyphraseExtractor().extract("", body, 10);
        List<Keyphrase> plain = plainExtractor.extract("", body, 10);

        assertThat(scoreOf(top, "feldman")).isEqualTo(d.nameWeight() * scoreOf(plain, "feldman"));
        assertThat(scoreOf(top, "feldman interv")).isEqualTo(scoreOf(plain, "feldman interv"));
        assertThat(scoreOf(top, "physic boundari")).isEqualTo(scoreOf(plain, "physic boundari"));
    }

    @Test
    void shouldNotTakeFormulasForWords() {
        String body = "The scale ΛQCD sets the running coupling, and cos2θ enters the mixing angle"
                + " of the running coupling.";

        assertThat(phrases(new KeyphraseExtractor().extract("", body, 10)))
                .contains("running coupling").noneMatch(p -> p.matches(".*[\\u0370-\\u03ff].*"));
    }

    @Test
    void shouldNotTakeCitedAuthorsSymbolsOrPartsOfThePaperForKeyphrases() {
        String body = "As Carter et al. showed, the dislocation density x grows with strain."
                + " Section 3 relates the dislocation density to strain hardening, where x reappears,"
                + " see Fig. 2 and Section 4. Allen et al. measured the dislocation density too.";

        assertThat(phrases(new KeyphraseExtractor().extract("", body, 20)))
                .contains("dislocation density", "strain hardening")
                .doesNotContain("Carter", "Allen", "x", "Section", "Fig");
    }

    private static double scoreOf(List<Keyphrase> keyphrases, String normalized) {
        return keyphrases.stream().filter(k -> k.normalized().equals(normalized))
                .findFirst().orElseThrow().score();
    }

    @Test
    void shouldReturnScoresBestFirst() {
        List<Keyphrase> top = new KeyphraseExtractor().extract(TITLE, ABSTRACT, 10);

        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).score()).isLessThanOrEqualTo(top.get(i - 1).score());
        }
    }

    @Test
    void shouldBeDeterministic() {
        KeyphraseExtractor extractor = new KeyphraseExtractor();
        List<Keyphrase> first = extractor.extract(TITLE, ABSTRACT, 10);

        assertThat(extractor.extract(TITLE, ABSTRACT, 10)).isEqualTo(first);
        assertThat(new KeyphraseExtractor().extract(TITLE, ABSTRACT, 10)).isEqualTo(first);
    }

    @Test
    void shouldGiveTheSameAnswerFromManyThreads() throws Exception {
        KeyphraseExtractor extractor = new KeyphraseExtractor();
        List<Keyphrase> expected = extractor.extract(TITLE, ABSTRACT, 10);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Keyphrase>>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String abstractText = i % 2 == 0 ? ABSTRACT : "Graph neural networks for molecules.";
                futures.add(pool.submit(() -> extractor.extract(TITLE, abstractText, 10)));
            }
            for (int i = 0; i < futures.size(); i += 2) {
                assertThat(futures.get(i).get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldWeighTheTitleMore() {
        String body = "We study graph coloring and we study protein folding. Graph coloring is"
                + " hard. Protein folding is hard.";
        KeyphraseExtractor extractor = new KeyphraseExtractor();

        List<String> coloringTitle = phrases(extractor.extract("Graph coloring", body, 2));
        List<String> foldingTitle = phrases(extractor.extract("Protein folding", body, 2));

        assertThat(coloringTitle.get(0)).isEqualToIgnoringCase("graph coloring");
        assertThat(foldingTitle.get(0)).isEqualToIgnoringCase("protein folding");
    }

    @Test
    void shouldPreferWhatIsRareInTheCorpus() {
        KeyphraseExtractor extractor = new KeyphraseExtractor(CorpusStats.coldStart());
        for (int i = 0; i < 50; i++) {
            extractor.learn("", "Deep learning improves image retrieval number " + i + ".");
        }
        String body = "Deep learning meets graph coloring. Graph coloring and deep learning again.";

        List<String> top = phrases(extractor.extract("", body, 2));

        assertThat(top.get(0)).isEqualToIgnoringCase("graph coloring");
    }

    @Test
    void shouldKeepOnePhrasePerIdea() {
        String body = "Neural networks are everywhere. A neural network learns. Networks neural,"
                + " say some. Deep neural networks are neural networks with depth. Neural network"
                + " pruning shrinks neural networks.";

        List<Keyphrase> top = new KeyphraseExtractor().extract("", body, 10);

        assertThat(top).extracting(Keyphrase::normalized).doesNotHaveDuplicates();
        for (Keyphrase a : top) {
            for (Keyphrase b : top) {
                if (a != b) {
                    assertThat(KeyphraseExtractor.nearDuplicate(a.normalized(), b.normalized(), 2))
                            .as("%s vs %s", a.phrase(), b.phrase()).isFalse();
                }
            }
        }
    }

    @Test
    void shouldTreatSameStemsOrOneAddedWordAsNearDuplicates() {
        assertThat(KeyphraseExtractor.nearDuplicate("neural network", "network neural", 2)).isTrue();
        assertThat(KeyphraseExtractor.nearDuplicate("deep neural network", "neural network", 2))
                .isTrue();
        assertThat(KeyphraseExtractor.nearDuplicate("network", "neural network", 2)).isFalse();
        assertThat(KeyphraseExtractor.nearDuplicate("graph color", "neural network", 2)).isFalse();
    }

    @Test
    void shouldHonourTopN() {
        KeyphraseExtractor extractor = new KeyphraseExtractor();

        assertThat(extractor.extract(TITLE, ABSTRACT, 0)).isEmpty();
        assertThat(extractor.extract(TITLE, ABSTRACT, -3)).isEmpty();
        assertThat(extractor.extract(TITLE, ABSTRACT, 3)).hasSize(3);
        assertThat(extractor.extract("", "Graph coloring.", 10)).hasSizeBetween(1, 10);
        assertThat(extractor.extract(TITLE, ABSTRACT, 10))
                .startsWith(extractor.extract(TITLE, ABSTRACT, 3).toArray(Keyphrase[]::new));
    }

    @Test
    void shouldKeepCandidatesWithinFourWords() {
        String body = "The large scale distributed stochastic gradient descent optimizer converges.";

        assertThat(new KeyphraseExtractor().extract("", body, 20))
                .allSatisfy(k -> assertThat(k.normalized().split(" ")).hasSizeBetween(1, 4));
    }

    @Test
    void shouldNotCutNamesWithParticles() {
        String body = "The van der Waals model describes van der Waals isotherms.";

        assertThat(phrases(new KeyphraseExtractor().extract("", body, 10)))
                .noneMatch(p -> p.startsWith("der") || p.startsWith("Waals"));
    }

    @Test
    void shouldNotTakeClausesForNounPhrases() {
        String body = "We study graph coloring. Deep networks suffer from label noise. Generating"
                + " neural network weights is hard. The models converge quickly, and we can encode"
                + " molecular graphs.";

        List<String> top = phrases(new KeyphraseExtractor().extract("", body, 10));

        assertThat(top).contains("graph coloring", "label noise", "neural network weights")
                .noneMatch(p -> p.matches("(?i).*\\b(study|suffer|generating|converge|quickly|"
                        + "encode)\\b.*"));
    }

    @Test
    void shouldSkipNotationAndAddresses() {
        String body = "The loss $\\mathcal{L}_{reg}$ uses f_theta on graphs; code at github.com/a/b"
                + " or mail x@y.org about graph sparsification.";

        assertThat(phrases(new KeyphraseExtractor().extract("", body, 10)))
                .contains("graph sparsification")
                .noneMatch(p -> p.contains("mathcal") || p.contains("_") || p.contains(".")
                        || p.contains("@"));
    }

    @Test
    void shouldNeverThrowOnOddInput() {
        KeyphraseExtractor extractor = new KeyphraseExtractor();
        List<String> odd = List.of("", " ", "\n\t", "...", "-", "--a-", "a-", "-b", "the of and",
                "12 345 6.7", "😀 ∑ λ→∞", "https://github.com/a/b", "A", "x".repeat(10_000),
                "word ".repeat(20_000), "Über-große Ärzte-Zentren", "(((", "a - b - c", "α-β-γ");

        for (String text : odd) {
            assertThatCode(() -> {
                extractor.extract(text, text, 10);
                extractor.extract(null, text, 10);
                extractor.extract(text, null, 10);
                extractor.learn(text, text);
            }).as(text.length() > 40 ? text.substring(0, 40) : text).doesNotThrowAnyException();
        }
        assertThat(extractor.extract(null, null, 10)).isEmpty();
        assertThat(extractor.extract("", "the of and", 10)).isEmpty();
    }
}
