package io.papertrends.stack.junit;

import io.papertrends.stack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a running {@link LocalStack}: started once per test run (per
 * JVM) on free loopback ports in a fresh temporary directory, closed when the run ends.
 * Tests declare a {@code LocalStack} parameter, or call {@link #shared()}.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class MyIT {
 *     @Test void should...(LocalStack stack) { ... }
 * }
 * }</pre>
 */
public final class LocalStackExtension implements ParameterResolver {
    private static final Object LOCK = new Object();
    private static LocalStack stack;

    /** The stack of this test run, starting it on first use. */
    public static LocalStack shared() {
        synchronized (LOCK) {
            if (stack == null) {
                try {
                    Path dir = Files.createTempDirectory("papertrends-stack-");
                    LocalStack.Options options = LocalStack.Options.defaults(dir).withPorts(0, 0, 0);
                    stack = LocalStack.start(options);
                    LocalStack started = stack;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-stack-shutdown"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return stack;
        }
    }

    /** A separate stack with its own directory, for tests that stop and restart it. */
    public static LocalStack startPrivate(Path dir, Optional<String> registryUserInfo) {
        LocalStack.Options d = LocalStack.Options.defaults(dir);
        return startPrivate(dir, registryUserInfo, Optional.empty());
    }

    /** A separate stack whose registry has an admin credential and a read-only one. */
    public static LocalStack startPrivate(Path dir, Optional<String> registryUserInfo, Optional<String> registryReadUserInfo) {
        LocalStack.Options d = LocalStack.Options.defaults(dir);
        return LocalStack.start(new LocalStack.Options(dir, 0, 0, 0, false, d.partitions(), d.topicPrefix(),
                registryUserInfo, registryReadUserInfo));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return shared();
    }
}
