package io.papertrends.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
            out.merge(fold(info.getThreadName()), Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
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

    /** A thread's name with the digits folded, so that alike threads (and the runs' prefixes) add up. */
    private static String fold(String threadName) {
        return threadName.replaceAll("bench-\\d+-", "").replaceAll("\\d+", "#");
    }

    /** Runs {@code step} every {@code millis}, from {@code millis} on, on one daemon thread named {@code name}. */
    private static ScheduledExecutorService every(long millis, String name, Runnable step) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(step, millis, millis, TimeUnit.MILLISECONDS);
        return executor;
    }

    /** Stops an {@link #every} thread and waits until its step is done. */
    private static void stop(ScheduledExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the CPU sampler did not stop");
        }
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
        private final ScheduledExecutorService sampling = every(250, "bench-cpu-sampler", this::sample);

        /** Takes the first sample before it returns, so {@link #byThread()} gives the baseline. */
        Sampler() {
            sample();
        }

        private void sample() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    names.put(info.getThreadId(), fold(info.getThreadName()));
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
                    names.put(id, "jvm: " + fold(comm));
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
            stop(sampling);
            sample();
        }
    }

    /**
     * The process's CPU time read every 5 ms, so the CPU of a span known only afterwards (a run
     * whose tool reports its own elapsed time) can be told: {@link #between} interpolates.
     */
    static final class Timeline implements AutoCloseable {
        /** Room for 22 minutes of readings; spans before the last of them have no CPU figure. */
        private final long[] times = new long[1 << 18];
        private final long[] cpus = new long[1 << 18];
        private volatile int count;
        private final ScheduledExecutorService reading = every(5, "bench-cpu-timeline", this::read);

        private void read() {
            int n = count;
            if (n < times.length) {
                times[n] = System.nanoTime();
                cpus[n] = processNanos();
                count = n + 1;
            }
        }

        /**
         * CPU nanoseconds of the process between two {@link System#nanoTime()} instants up to now,
         * or -1 when not covered; a span ending after the last reading ends on a reading taken now.
         */
        long between(long from, long to) {
            long nowTime = System.nanoTime();
            long nowCpu = processNanos();
            double a = at(from, nowTime, nowCpu);
            double b = at(to, nowTime, nowCpu);
            return a < 0 || b < 0 ? -1 : Math.round(b - a);
        }

        /** The CPU time at {@code time} between the readings around it, the last of them being {@code now}. */
        private double at(long time, long nowTime, long nowCpu) {
            int n = count;
            if (n == 0 || time < times[0] || time > nowTime) {
                return -1;
            }
            if (time >= times[n - 1]) {
                return interpolate(time, times[n - 1], cpus[n - 1], nowTime, nowCpu);
            }
            int i = java.util.Arrays.binarySearch(times, 0, n, time);
            if (i >= 0) {
                return cpus[i];
            }
            int hi = -i - 1;
            return interpolate(time, times[hi - 1], cpus[hi - 1], times[hi], cpus[hi]);
        }

        private static double interpolate(long time, long t0, long c0, long t1, long c1) {
            return t1 == t0 ? c0 : c0 + (double) (time - t0) / (t1 - t0) * (c1 - c0);
        }

        @Override
        public void close() throws InterruptedException {
            stop(reading);
        }
    }
}
