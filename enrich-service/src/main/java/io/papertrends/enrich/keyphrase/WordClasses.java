package io.papertrends.enrich.keyphrase;

import java.util.Arrays;
import org.apache.lucene.analysis.CharArrayMap;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

/**
 * A cheap stand-in for a part-of-speech tagger: a compact closed-class word list plus suffix
 * rules. Keyphrases are noun phrases (adjectives* nouns+); a word that can never sit inside one
 * (determiner, preposition, pronoun, auxiliary, adverb, reporting verb) splits candidates, and a
 * word whose suffix marks it as a modifier or a verb form may not end one.
 *
 * <p>Why not a real tagger: measured on the SemEval-2017 dev set with the same scoring,
 * OpenNLP's maxent POS model (opennlp-tools 2.5.5, en-pos-maxent 1.5) as the only filter scored
 * F1@10 0.308 against 0.333 for these rules, and combined with them 0.334, while the extractor
 * ran more than ten times slower (about 200 against 2,300 or more documents/s on one thread): a
 * gain within noise for a cost that breaks the stream's speed target.
 */
final class WordClasses {

    /** Splits candidates wherever it occurs. */
    static final byte BREAK = 0;
    /** May start, continue or end a noun phrase. */
    static final byte NOUN = 1;
    /** May start or continue a noun phrase but not end it (adjective, participle). */
    static final byte MODIFIER = 2;

    // Closed classes, the auxiliaries and the verbs and adverbs that scientific abstracts use to
    // talk about their content rather than name it. Words that are nouns as often as verbs
    // (model, study, result, design, control) are deliberately absent.
    private static final String[] BREAK_WORDS = {
        // determiners, quantifiers, pronouns
        "a", "an", "the", "this", "that", "these", "those", "some", "any", "each", "every", "all",
        "both", "either", "neither", "no", "none", "such", "other", "another", "many", "much", "more",
        "most", "few", "fewer", "less", "least", "several", "various", "own", "same", "certain",
        "i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her", "them", "my", "our",
        "your", "his", "its", "their", "ours", "theirs", "itself", "themselves", "ourselves",
        "one", "ones", "what", "which", "who", "whom", "whose", "whether", "whatever", "whereby",
        "first", "second", "third", "last", "next", "former", "latter", "respective", "further",
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundreds",
        "thousands", "millions", "dozens", "e.g", "i.e", "etc", "et", "al", "vs", "via", "viz",
        // prepositions and conjunctions
        "of", "in", "on", "at", "by", "for", "with", "without", "within", "from", "to", "into",
        "onto", "upon", "over", "under", "above", "below", "between", "among", "amongst", "across",
        "through", "throughout", "during", "before", "after", "since", "until", "toward", "towards",
        "against", "about", "around", "along", "alongside", "beyond", "despite", "per", "than",
        "inside", "outside", "beside", "besides", "behind", "beneath", "underneath", "except",
        "amid", "till", "unto", "whose", "wherein", "whereof",
        "as", "like", "unlike", "versus", "and", "or", "but", "nor", "so", "yet", "if", "then",
        "else", "because", "although", "though", "while", "whereas", "when", "where", "why", "how",
        "unless", "once", "whenever", "wherever", "thus", "hence", "therefore", "however",
        "moreover", "furthermore", "additionally", "nevertheless", "nonetheless", "meanwhile",
        "otherwise", "instead", "indeed", "namely", "thereby", "therein", "herein", "whilst",
        // auxiliaries and modals
        "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having",
        "do", "does", "did", "doing", "done", "can", "could", "may", "might", "must", "shall",
        "should", "will", "would", "cannot", "not", "don't", "doesn't", "isn't", "aren't",
        // adverbs and degree words without the -ly suffix
        "also", "too", "very", "quite", "rather", "only", "just", "even", "still", "already",
        "always", "never", "often", "sometimes", "usually", "here", "there", "now", "well",
        "almost", "again", "ever", "far", "perhaps", "soon", "often", "up", "down", "out", "off",
        "ago", "today", "nowadays", "yesterday", "tomorrow",
        "away", "back", "together", "across", "enough", "about", "best", "better", "worse",
        "worst", "recent", "new", "novel", "different", "similar", "important", "good", "great",
        "greater", "key", "main", "major", "significant", "possible", "able", "unable", "useful",
        "necessary", "available", "previous", "existing", "present", "prior", "related",
        "particular", "typical", "simple", "effective", "efficient", "promising", "challenging",
        "interesting", "remarkable", "substantial", "considerable", "extensive", "comprehensive",
        "crucial", "essential", "poor", "superior", "competitive", "robust", "accurate",
        "sufficient", "relevant", "entire", "additional", "overall", "due", "given",
        // verbs used to report on the work
        "show", "shows", "showed", "shown", "showing", "present", "presents", "presented",
        "presenting", "propose", "proposes", "proposed", "proposing", "introduce", "introduces",
        "introduced", "introducing", "demonstrate", "demonstrates", "demonstrated",
        "demonstrating", "provide", "provides", "provided", "providing", "obtain", "obtains",
        "obtained", "obtaining", "achieve", "achieves", "achieved", "achieving", "allow", "allows",
        "allowed", "allowing", "enable", "enables", "enabled", "enabling", "require", "requires",
        "required", "requiring", "describe", "describes", "described", "describing", "discuss",
        "discusses", "discussed", "investigate", "investigates", "investigated", "investigating",
        "examine", "examines", "examined", "consider", "considers", "considered", "considering",
        "find", "finds", "found", "lead", "leads", "led", "leading", "yield", "yields", "yielded",
        "give", "gives", "gave", "make", "makes", "made", "making", "take", "takes", "took",
        "taken", "perform", "performs", "performed", "apply", "applies", "applied", "applying",
        "develop", "develops", "developed", "compare", "compares", "compared", "comparing",
        "evaluate", "evaluates", "evaluated", "improve", "improves", "improved", "improving",
        "increase", "increases", "increased", "reduce", "reduces", "reduced", "reducing",
        "address", "addresses", "addressed", "explore", "explores", "explored", "report",
        "reports", "reported", "suggest", "suggests", "suggested", "indicate", "indicates",
        "indicated", "reveal", "reveals", "revealed", "observe", "observes", "observed",
        "focus", "focuses", "focused", "aim", "aims", "aimed", "seek", "seeks", "remain",
        "remains", "remained", "become", "becomes", "became", "include", "includes", "included",
        "including", "contain", "contains", "contained", "containing", "involve", "involves",
        "involved", "involving", "exhibit", "exhibits", "exhibited", "tend", "tends", "appear",
        "appears", "appeared", "seem", "seems", "help", "helps", "ensure", "ensures", "outperform",
        "outperforms", "outperformed", "outperforming", "exploit", "exploits", "leverage",
        "leverages", "leveraging", "employ", "employs", "employed", "utilize", "utilizes",
        "utilized", "utilizing", "establish", "establishes", "established", "determine",
        "determines", "determined", "identify", "identifies", "identified", "use", "uses", "used",
        "using", "based", "called", "known", "get", "gets", "got", "see", "seen", "need", "needs",
        "needed", "want", "wants", "try", "tries", "tried", "call", "calls", "let", "lets", "know",
        "think", "believe", "argue", "argues", "claim", "claims", "note", "noted", "according",
        "associated", "compared", "corresponding", "regarding", "concerning", "following",
        "resulting", "underlying", "surrounding", "remaining", "exist", "exists", "existed",
        "occur", "occurs", "occurred", "depend", "depends", "rely", "relies", "relied", "capture",
        "captures", "captured", "achieves", "solve", "solves", "solved", "combine", "combines",
        "combined", "generate", "generates", "generated", "produce", "produces", "produced",
        "offer", "offers", "offered", "supported", "extend", "extends",
        "extended", "explain", "explains", "explained", "verify", "verifies", "verified",
        "validate", "validates", "validated", "confirm", "confirms", "confirmed", "predict",
        "predicts", "predicted", "benefit", "benefits", "facilitate", "facilitates", "mitigate",
        "mitigates", "overcome", "overcomes", "incorporate", "incorporates", "incorporated",
        "highlight", "highlights", "attain", "attains", "outline", "outlines", "adopt", "adopts",
        "adopted", "build", "builds", "built", "designed", "aims", "fail", "fails",
        "failed", "tackle", "tackles", "enhance", "enhances", "enhanced", "learn", "learns",
        "learned", "learnt", "train", "trains", "trained", "achieve", "receive", "received",
        "hold", "holds", "held", "keep", "keeps", "kept", "allows", "considered", "obtained",
        "converge", "converges", "converged", "thanks", "entail", "entails", "entailed",
        "illustrate", "illustrates", "illustrated", "emphasize", "emphasizes", "assume",
        "assumes", "assumed", "reach", "reaches", "reached", "maintain", "maintains",
    };

    // Nouns too vague to be a keyphrase alone; they still head longer ones (sign problem).
    private static final String[] GENERIC_WORDS = {
        "paper", "work", "works", "article", "study", "studies", "approach", "approaches", "method",
        "methods", "way", "ways", "thing", "things", "lot", "kind", "kinds", "type", "types",
        "number", "numbers", "part", "parts", "case", "cases", "fact", "aspect", "aspects",
        "respect", "terms", "term", "order", "context", "example", "examples", "instance",
        "instances", "result", "results", "finding", "findings", "experiment", "experiments",
        "addition", "end", "set", "sets", "issue", "issues", "problem", "problems", "task", "tasks",
        "step", "steps", "question", "questions", "goal", "goals", "idea", "ideas", "effect",
        "effects", "advantage", "advantages", "impact", "role", "level", "levels", "amount",
        "range", "variety", "form", "forms", "field", "literature", "purpose", "basis", "manner",
        "means", "time", "times", "year", "years", "day", "days", "performance", "performances",
        "framework", "frameworks", "technique", "techniques", "analysis", "process", "use",
        "state", "art", "value", "values", "property", "properties", "condition", "conditions",
        "contribution", "contributions", "challenge", "challenges", "application", "applications",
        "benchmark", "benchmarks", "dataset", "datasets", "data", "information", "quality",
        "solution", "solutions", "strategy", "strategies", "mechanism", "mechanisms", "factor",
        "factors", "feature", "features", "behavior", "behaviour", "need", "account", "detail",
        "details", "insight", "insights", "evidence", "attention", "interest", "focus", "scale",
        "size", "total", "average", "degree", "rate", "ratio", "change", "changes", "difference",
        "differences", "relationship", "relationships", "improvement", "improvements", "model",
        "models", "system", "systems", "component", "components",
        // the parts of a paper its text points to
        "section", "sections", "sec", "secs", "figure", "figures", "fig", "figs", "table",
        "tables", "eq", "eqs", "ref", "refs", "appendix", "appendices"
    };

    // Nouns that say how much or what sort, never what: no modifier makes them a term.
    private static final String[] VAGUE_WORDS = {
        "number", "numbers", "amount", "amounts", "lot", "lots", "way", "ways", "kind", "kinds",
        "type", "types", "sort", "part", "parts", "case", "cases", "fact", "facts", "aspect",
        "aspects", "result", "results", "finding", "findings", "performance", "performances",
        "paper", "papers", "work", "example", "examples", "instance", "instances", "variety",
        "range", "issue", "issues", "thing", "things", "purpose", "manner", "means", "idea",
        "ideas", "role", "impact", "advantage", "advantages", "end", "addition", "respect",
        "basis", "time", "times", "year", "years", "day", "days", "attention", "interest",
        "insight", "insights", "detail", "details", "evidence", "total", "majority", "plenty",
        "deal", "extent", "terms", "lack", "need", "needs", "success", "progress", "improvement",
        "improvements", "gain", "gains", "benefit", "benefits", "contribution", "contributions",
        "attempt", "attempts", "effort", "efforts"
    };

    private static final String[] ADJECTIVE_SUFFIXES = {
        "ous", "ive", "ful", "less", "able", "ible", "al", "ic", "ar", "ary", "ent", "ant"
    };

    // Words with those suffixes that are nouns often enough in scientific text to end a phrase.
    private static final String[] SUFFIX_EXCEPTIONS = {
        "objective", "objectives", "alternative", "alternatives", "derivative", "derivatives",
        "representative", "incentive", "initiative", "narrative", "directive", "detective",
        "primitive", "primitives", "adjective", "additive", "additives", "explosive", "relative",
        "relatives", "variable", "variables", "table", "tables", "cable", "vegetable", "timetable",
        "library", "boundary", "summary", "dictionary", "vocabulary", "glossary", "secretary",
        "commentary", "anniversary", "salary", "diary", "primary", "binary", "itinerary",
        "agent", "agents", "component", "components", "gradient", "gradients", "coefficient",
        "coefficients", "patient", "patients", "student", "students", "client", "clients",
        "content", "contents", "element", "elements", "segment", "segments", "environment",
        "environments", "experiment", "experiments", "document", "documents", "moment", "moments",
        "argument", "arguments", "treatment", "treatments", "statement", "statements", "event",
        "events", "agreement", "assessment", "assessments", "development", "deployment",
        "alignment", "management", "measurement", "measurements", "improvement", "improvements",
        "requirement", "requirements", "investment", "equipment", "sentiment", "fragment",
        "fragments", "point", "tangent", "intent", "extent", "percent", "talent", "parent",
        "parents", "solvent", "solvents", "reagent", "reagents", "continent", "ingredient",
        "constituent", "constituents", "respondent", "respondents", "quotient", "opponent",
        "opponents", "descent", "accident", "incident", "current", "currents", "president",
        "resident", "residents", "embedding", "plant", "plants", "variant", "variants", "assistant",
        "assistants", "constant", "constants", "participant", "participants", "applicant",
        "quadrant", "invariant", "invariants", "pollutant", "pollutants", "tenant", "restaurant",
        "defendant", "descendant", "descendants", "mutant", "mutants", "antioxidant",
        "reactant", "reactants", "oxidant", "implant", "implants", "transplant", "merchant",
        "consultant", "servant", "infant", "infants", "migrant", "migrants", "determinant",
        "surfactant", "dopant", "dopants", "coolant", "lubricant", "contaminant", "contaminants",
        "stimulant", "mechanical", "chemical", "chemicals", "musical", "criminal", "criminals",
        "hospital", "hospitals", "capital", "journal", "journals", "rival", "rivals", "signal",
        "signals", "animal", "animals", "mineral", "minerals", "interval", "intervals", "potential",
        "potentials", "material", "materials", "proposal", "proposals", "trial", "trials",
        "terminal", "terminals", "portal", "arrival", "removal", "approval", "survival",
        "retrieval", "rental", "tutorial", "tutorials", "editorial", "manual", "individual",
        "individuals", "residual", "residuals", "polynomial", "polynomials", "integral",
        "integrals", "differential", "differentials", "metal", "metals", "crystal", "crystals",
        "orbital", "orbitals", "diagonal", "principal", "festival", "mammal", "mammals", "canal",
        "disposal", "renewal", "referral", "reversal", "denial", "appraisal", "rehearsal",
        "arsenal", "tribunal", "fractal", "fractals", "terminal", "normal", "decimal", "serial",
        "logic", "topic", "topics", "metric", "clinic", "music", "graphic", "public", "traffic",
        "fabric", "arithmetic", "heuristic", "characteristic", "statistic", "epidemic",
        "pandemic", "mechanic", "critic", "rhetoric", "mosaic", "republic", "plastic", "ceramic",
        "panic", "tactic", "magic", "arsenic", "calendar", "grammar", "seminar", "scholar",
        "sugar", "radar", "lidar", "sonar", "pillar", "dollar", "collar", "cellar", "vinegar",
        "mortar", "altar", "guitar", "avatar", "nectar", "cedar", "prize", "prizes"
    };

    // Particles of surnames (van der Waals, de Broglie): part of a name, never its end.
    private static final String[] NAME_PARTICLE_WORDS = {
            "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter",
            "ten", "dos", "das"
    };

    private static final String[] LY_NOUN_WORDS = {
            "family", "assembly", "anomaly", "supply", "reply", "monopoly", "italy", "rally", "ally",
            "jelly", "butterfly", "firefly", "poly", "homily", "doily"
    };
    private static final String[] LY_ADJECTIVE_WORDS = {
            "early", "daily", "weekly", "monthly", "yearly", "hourly", "friendly", "elderly",
            "lonely", "costly", "timely", "orderly", "holy", "curly", "oily", "hilly", "woolly"
    };

    // After a subject pronoun or a modal comes a verb ("we study", "can encode").
    private static final String[] VERB_CUE_WORDS = {
            "we", "they", "i", "you", "he", "she", "it", "can", "could", "may", "might", "must",
            "shall", "should", "will", "would", "cannot", "not", "also", "often", "further"
    };

    private static final String[] NOT_PLURAL_WORDS = {
            "series", "species", "news", "means", "gas", "lens", "bias", "alias", "canvas", "atlas",
            "chaos", "ethos", "pathos", "cosmos", "thermos"
    };

    // Adjectives without a telling suffix: they modify a noun but never head a phrase.
    private static final String[] PLAIN_ADJECTIVE_WORDS = {
            "hard", "easy", "fast", "slow", "deep", "shallow", "free", "clear", "true", "false",
            "real", "exact", "rich", "dense", "sparse", "smooth", "rough", "long", "short", "wide",
            "narrow", "strong", "weak", "soft", "big", "tiny", "huge", "low", "high", "large", "small",
            "full", "whole", "general", "common", "raw", "safe", "fair", "rare", "dark", "bright",
            "hot", "cold", "warm", "dry", "wet", "thin", "thick", "flat", "sharp", "pure", "single",
            "double", "multiple", "hidden", "unknown", "inverse", "diverse", "intense", "precise",
            "mature", "secure", "extreme", "remote", "complete", "discrete", "separate",
            "appropriate", "adequate", "moderate", "private", "ultimate", "open", "closed", "near",
            "far", "local", "global", "novel", "modern", "ancient", "early", "late", "specific",
            "higher", "lower", "larger", "smaller", "faster", "slower", "deeper",
            "longer", "shorter", "wider", "stronger", "weaker", "simpler", "easier", "harder"
    };

    // Every list lives in one case-insensitive map from word to a bit set of the lists it is
    // on, so classifying a token costs one hash lookup rather than one per list.
    static final int F_BREAK = 1;
    static final int F_VAGUE = 1 << 1;
    static final int F_GENERIC = 1 << 2;
    static final int F_EXCEPTION = 1 << 3;
    static final int F_PARTICLE = 1 << 4;
    static final int F_LY_NOUN = 1 << 5;
    static final int F_LY_ADJECTIVE = 1 << 6;
    static final int F_VERB_CUE = 1 << 7;
    static final int F_NOT_PLURAL = 1 << 8;
    static final int F_PLAIN_ADJECTIVE = 1 << 9;

    private static final CharArrayMap<Integer> FLAGS = new CharArrayMap<>(2048, true);

    static {
        for (Object stop : EnglishAnalyzer.ENGLISH_STOP_WORDS_SET) {
            add(F_BREAK, String.valueOf((char[]) stop));
        }
        add(F_BREAK, BREAK_WORDS);
        add(F_VAGUE, VAGUE_WORDS);
        add(F_GENERIC, GENERIC_WORDS);
        add(F_EXCEPTION, SUFFIX_EXCEPTIONS);
        add(F_PARTICLE, NAME_PARTICLE_WORDS);
        add(F_LY_NOUN, LY_NOUN_WORDS);
        add(F_LY_ADJECTIVE, LY_ADJECTIVE_WORDS);
        add(F_VERB_CUE, VERB_CUE_WORDS);
        add(F_NOT_PLURAL, NOT_PLURAL_WORDS);
        add(F_PLAIN_ADJECTIVE, PLAIN_ADJECTIVE_WORDS);
    }

    private static void add(int flag, String... words) {
        for (String w : words) {
            Integer old = FLAGS.get(w);
            FLAGS.put(w, old == null ? flag : old | flag);
        }
    }

    private WordClasses() {}

    /** The lists a word is on, as {@code F_*} bits (case-insensitive). */
    static int flags(char[] word, int offset, int length) {
        Integer f = FLAGS.get(word, offset, length);
        return f == null ? 0 : f;
    }

    /**
     * True for an -ing form that reads as a verb taking an object ("generating weights",
     * "classifying images") rather than as a noun ("learning rate", "sampling method").
     */
    static boolean isVerbalGerund(char[] word, int offset, int length) {
        return length > 7 && (endsWith(word, offset, length, "ating")
                || endsWith(word, offset, length, "izing") || endsWith(word, offset, length, "ising")
                || endsWith(word, offset, length, "ifying") || endsWith(word, offset, length, "yzing"));
    }

    /**
     * True for a plural noun form (or a third-person verb, which reads the same): ends in -s but
     * not in -ss, -us, -is or -ics (physics, statistics), and is not series, species or news.
     */
    static boolean isPlural(char[] word, int offset, int length, int flags) {
        return endsWith(word, offset, length, "s") && !endsWith(word, offset, length, "ss")
                && !endsWith(word, offset, length, "us") && !endsWith(word, offset, length, "is")
                && !endsWith(word, offset, length, "ics") && (flags & F_NOT_PLURAL) == 0;
    }

    /** True for a lower-case surname particle such as "van" or "der". */
    static boolean isNameParticle(char[] word, int offset, int flags) {
        return (flags & F_PARTICLE) != 0 && Character.isLowerCase(word[offset]);
    }

    /** Classifies one word as it reads (any case); see {@link #classify(char[], int, int, int)}. */
    static byte classify(char[] word, int offset, int length) {
        return classify(word, offset, length, flags(word, offset, length));
    }

    /**
     * Classifies one word as it reads (any case).
     *
     * @param flags the word's {@link #flags}
     * @return {@link #BREAK}, {@link #NOUN} or {@link #MODIFIER}
     */
    static byte classify(char[] word, int offset, int length, int flags) {
        if ((flags & F_BREAK) != 0) {
            return BREAK;
        }
        if ((flags & F_PLAIN_ADJECTIVE) != 0) {
            return MODIFIER;
        }
        if (length < 5 || (flags & F_EXCEPTION) != 0) {
            return NOUN;
        }
        if (endsWith(word, offset, length, "ly")) {
            // Adverbs, except a few nouns (family, assembly) and adjectives (early, daily).
            return (flags & F_LY_NOUN) != 0 ? NOUN
                    : (flags & F_LY_ADJECTIVE) != 0 ? MODIFIER : BREAK;
        }
        if (endsWith(word, offset, length, "ify") || endsWith(word, offset, length, "ifies")
                || endsWith(word, offset, length, "ize") || endsWith(word, offset, length, "izes")) {
            // Verbs (classify, optimize); no common noun ends so, apart from the listed exceptions.
            return BREAK;
        }
        if (endsWith(word, offset, length, "ed") && !endsWith(word, offset, length, "eed")) {
            return MODIFIER;
        }
        for (String suffix : ADJECTIVE_SUFFIXES) {
            if (endsWith(word, offset, length, suffix)) {
                return MODIFIER;
            }
        }
        return NOUN;
    }

    static boolean endsWith(char[] word, int offset, int length, String suffix) {
        int n = suffix.length();
        if (length < n) {
            return false;
        }
        int start = offset + length - n;
        for (int i = 0; i < n; i++) {
            if (Character.toLowerCase(word[start + i]) != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
