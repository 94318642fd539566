package io.papertrends.cli;

import io.papertrends.enrich.keyphrase.KeyphraseTool;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code papertrends keyphrases}: keyphrases of a JSONL corpus, best first. */
@Command(name = "keyphrases", mixinStandardHelpOptions = true,
        description = "Keyphrases for a JSONL of {id,title,abstract}: writes {id, keyphrases:[...]} lines, best first.")
final class KeyphrasesCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "JSONL input ('-' for stdin is not supported: corpus statistics need two passes).")
    Path input;

    @Option(names = "--output", required = true, description = "JSONL output.")
    Path output;

    @Option(names = "--top", defaultValue = "10", description = "Keyphrases per document (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() throws Exception {
        int papers = KeyphraseTool.run(input, output, top);
        System.err.printf("keyphrases: %d papers written to %s%n", papers, output);
        return 0;
    }
}
