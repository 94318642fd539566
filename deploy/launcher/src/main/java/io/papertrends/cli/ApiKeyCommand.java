package io.papertrends.cli;

import io.papertrends.service.ApiKeys;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code papertrends api-key NAME}: a new random API key and the entry that configures it. Standard
 * output has two lines, the key (for the client) then {@code NAME:sha256hex} (for
 * {@code papertrends.http.api.keys}); what they are goes to standard error. Nothing is stored: the
 * key exists only in what this prints.
 */
@Command(name = "api-key", mixinStandardHelpOptions = true,
        description = "Print a new random API key (line 1, for the client) and its entry for papertrends.http.api.keys "
                + "(line 2, NAME:sha256hex, for the services); nothing is stored.")
final class ApiKeyCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Whose key it is (1-64 letters, digits, '.', '_', '-'); "
            + "the services name it in logs and rate limits.")
    String name;

    @Override
    public Integer call() {
        String key = ApiKeys.newKey(new SecureRandom());
        String entry;
        try {
            entry = ApiKeys.entry(name, key);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        System.out.println(key);
        System.out.println(entry);
        System.err.println("line 1: the API key of " + name + ", for the client (Authorization: Bearer <key> or X-Api-Key: <key>); "
                + "shown once, stored nowhere");
        System.err.println("line 2: its entry for papertrends.http.api.keys (comma-separated with the others; "
                + "environment PAPERTRENDS_HTTP_API_KEYS)");
        return 0;
    }
}
