package io.papertrends.service;

/**
 * A started service: every service's {@code start(settings, meters)} returns one. The command
 * line blocks on {@link #awaitStop()}; the demo and tests close it.
 */
public interface RunningService extends AutoCloseable {
    /** What {@code /healthz} says now. */
    Health health();

    /** The port of the {@link ManagementServer}: {@code /healthz} and {@code /metrics}. */
    int managementPort();

    /**
     * Blocks until the service stops by itself or is closed.
     *
     * @throws IllegalStateException when it stopped because processing failed
     */
    void awaitStop() throws InterruptedException;

    /** Stops the service and releases what it holds; safe to call more than once. */
    @Override
    void close();

    /**
     * Runs {@code service} as the process's main work: closes it when the process is asked to stop
     * (SIGTERM, Ctrl-C) and returns once it has stopped; rethrows a processing failure so that
     * {@code main} exits non-zero.
     */
    static void runUntilStopped(RunningService service, String name) throws InterruptedException {
        Thread hook = new Thread(service::close, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.awaitStop();
        } finally {
            service.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run: the service is being closed by it.
            }
        }
    }
}
