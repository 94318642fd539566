package io.papertrends.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/** Where a benchmark's CPU went: the whole process (GC and compiler threads included) and each Java thread. */
final class Cpu {
    private Cpu() { }

    /** CPU nanoseconds of this process so far, or -1 when the JVM does not tell. */
    static long processNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** CPU nanoseconds per Java thread name, digits folded so that alike threads add up. */
    static Map<String, Long> byThread() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            String name = info.getThreadName().replaceAll("bench-\\d+-", "").replaceAll("\\d+", "#");
            out.merge(name, Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
        }
        return out;
    }

    /** Collections and their pause time so far, per collector. */
    static Map<String, String> gc() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.put(gc.getName(), gc.getCollectionCount() + " collections, " + gc.getCollectionTime() + " ms");
        }
        return out;
    }

    /** A daemon thread that runs {@code step} every {@code millis} until it returns false or the thread is interrupted. */
    private static Thread every(long millis, String name, java.util.function.BooleanSupplier step) {
        Thread thread = new Thread(() -> {
            try {
                while (step.getAsBoolean()) {
                    Thread.sleep(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Prints the threads that used more than 20 ms between two {@link #byThread()} readings, most first. */
    static void printDelta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new HashMap<>(after);
        delta.replaceAll((k, v) -> v - before.getOrDefault(k, 0L));
        delta.entrySet().stream().filter(e -> e.getValue() > 20_000_000L)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.err.printf("  cpu %-60s %8.0f ms%n", e.getKey(), e.getValue() / 1e6));
    }

    /**
     * Samples every thread's CPU time every 250 ms until closed, so threads that end during the run
     * (a publisher's own threads) are counted too; {@link #byThread()} of what it saw.
     */
    static final class Sampler implements AutoCloseable {
        private final Map<Long, String> names = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Long, Long> nanos = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler() {
            sample();
            thread = every(250, "bench-cpu-sampler", () -> {
                sample();
                return running;
            });
        }

        private void sample() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    names.put(info.getThreadId(), info.getThreadName().replaceAll("bench-\\d+-", "").replaceAll("\\d+", "#"));
                    nanos.merge(info.getThreadId(), cpu, Math::max);
                }
            }
            // The JVM's own threads (GC, JIT compilers, VM thread) are no Java threads; Linux lists them with the others.
            java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
            for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
                try {
                    String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (!comm.matches("(GC|G1|VM|C1|C2|Parallel|ZGC|Conc|Sweeper).*")) {
                        continue;
                    }
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    long id = -Long.parseLong(task.getName());
                    names.put(id, "jvm: " + comm.replaceAll("\\d+", "#"));
                    nanos.merge(id, ticks * 10_000_000L, Math::max);
                } catch (java.io.IOException | RuntimeException e) {
                    // The thread ended meanwhile.
                }
            }
        }

        /** CPU nanoseconds per folded thread name, as last seen. */
        Map<String, Long> byThread() {
            Map<String, Long> out = new HashMap<>();
            nanos.forEach((id, cpu) -> out.merge(names.get(id), cpu, Long::sum));
            return out;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            sample();
        }
    }

    /**
     * The process's CPU time read every 5 ms, so the CPU of a span known only afterwards (a run
     * whose tool reports its own elapsed time) can be told: {@link #between} interpolates.
     */
    static final class Timeline implements AutoCloseable {
        /** Room for 22 minutes of readings; spans past them have no CPU figure. */
        private final long[] times = new long[1 << 18];
        private final long[] cpus = new long[1 << 18];
        private volatile int count;
        private final Thread thread;
        private volatile boolean running = true;

        Timeline() {
            thread = every(5, "bench-cpu-timeline", () -> {
                int n = count;
                if (!running || n == times.length) {
                    return false;
                }
                times[n] = System.nanoTime();
                cpus[n] = processNanos();
                count = n + 1;
                return true;
            });
        }

        /** CPU nanoseconds of the process between two {@link System#nanoTime()} instants, or -1 when not covered. */
        long between(long from, long to) {
            double a = at(from);
            double b = at(to);
            return a < 0 || b < 0 ? -1 : Math.round(b - a);
        }

        private double at(long time) {
            int n = count;
            if (n < 2 || time < times[0] || time > times[n - 1]) {
                return -1;
            }
            int i = java.util.Arrays.binarySearch(times, 0, n, time);
            if (i >= 0) {
                return cpus[i];
            }
            int hi = -i - 1;
            int lo = hi - 1;
            double f = (double) (time - times[lo]) / (times[hi] - times[lo]);
            return cpus[lo] + f * (cpus[hi] - cpus[lo]);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }
}
