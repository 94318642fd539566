package io.papertrends.ingest.simulate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Zipf-like weights over ranks {@code 0..n-1}: rank {@code r} weighs {@code 1/(r+1)^exponent}. */
final class Zipf {
    private final double[] cumulative;
    private final double total;

    Zipf(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("Zipf needs at least one rank");
        }
        cumulative = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += Math.pow(r + 1, -exponent);
            cumulative[r] = sum;
        }
        total = sum;
    }

    int size() {
        return cumulative.length;
    }

    /** Share of rank {@code r} in all draws. */
    double weight(int r) {
        return (cumulative[r] - (r == 0 ? 0 : cumulative[r - 1])) / total;
    }

    int sample(SplittableRandom random) {
        double u = random.nextDouble() * total;
        int i = Arrays.binarySearch(cumulative, u);
        int rank = i >= 0 ? i + 1 : -i - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
