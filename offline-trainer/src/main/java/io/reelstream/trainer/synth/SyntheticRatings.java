package io.reelstream.trainer.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A MovieLens-shaped synthetic ratings set, generated deterministically from a seed, streamed to a
 * {@link RatingSink} so that 16 M ratings never have to exist as objects or as lines on disk.
 *
 * <p>The shape follows ML-20M: item popularity is Zipf (rank r drawn with weight 1/(r + 1)^s),
 * user activity is skewed (20 ratings minimum plus a log-normal share of the rest, capped), and
 * each user's ratings carry increasing timestamps. Ratings come from hidden tastes:
 * <pre>
 *   raw = μ + b_u + b_i + γ·(t_u · q_i) + ε,   ε ~ N(0, σ²);  rating = clamp(round(2·raw)/2, 0.5, 5)
 * </pre>
 * with t_u, q_i ∈ ℝ^{TASTE_DIMS}, and a user picks an item it is likely to enjoy more often:
 * a popularity draw is kept with probability ½ + ½·sigmoid(2·t_u·q_i). So there is structure for
 * ALS to find, as in real data. Cost O(ratings·(log movies + TASTE_DIMS)).
 */
public final class SyntheticRatings {
    /** Latent taste dimensions; each also names a genre in movies.csv. */
    public static final int TASTE_DIMS = 12;
    static final String[] GENRES = {"Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary",
            "Drama", "Fantasy", "Horror", "Romance", "Sci-Fi", "Thriller"};
    private static final int MIN_RATINGS_PER_USER = 20;
    private static final double ZIPF_EXPONENT = 1.0;
    private static final double ACTIVITY_SIGMA = 1.2; // log-normal spread of user activity
    private static final long FIRST_TIMESTAMP = 820_454_400L; // 1996-01-01, seconds
    private static final long LAST_TIMESTAMP = 1_420_070_400L; // 2015-01-01
    private static final double MEAN_RATING = 3.5;
    private static final double TASTE_WEIGHT = 0.8;
    private static final double NOISE_SIGMA = 0.5;

    /** Sizes and seed of a generated set. */
    public record Shape(int users, int movies, long ratings, long seed) {
        public Shape {
            if (users <= 0 || movies <= 0) {
                throw new IllegalArgumentException("--users and --movies must be > 0, got " + users + ", " + movies);
            }
            long max = (long) users * maxPerUser(movies);
            if (ratings < (long) users * Math.min(MIN_RATINGS_PER_USER, maxPerUser(movies)) || ratings > max) {
                throw new IllegalArgumentException("--ratings " + ratings + " does not fit " + users + " users x "
                        + movies + " movies: need between " + (long) users * Math.min(MIN_RATINGS_PER_USER, maxPerUser(movies))
                        + " and " + max + " (each user rates at least 20 and at most a third of the movies)");
            }
        }

        /** The ML-20M shape the training-speed figures use: 138 000 users, 13 000 movies, 16 M ratings. */
        public static Shape ml20m(long seed) {
            return new Shape(138_000, 13_000, 16_000_000L, seed);
        }

        /** The ML-32M shape of the train-scale measurement: 200 000 users, 87 000 movies, 32 M ratings. */
        public static Shape ml32m(long seed) {
            return new Shape(200_000, 87_000, 32_000_000L, seed);
        }

        /** A small set for tests and demos: 2 000 users, 1 000 movies, 100 000 ratings. */
        public static Shape small(long seed) {
            return new Shape(2_000, 1_000, 100_000L, seed);
        }
    }

    /** Receives ratings in generation order: user by user, each user's in increasing time. */
    @FunctionalInterface
    public interface RatingSink {
        void accept(int userId, int movieId, float rating, long timestamp);
    }

    /** Receives progress after each user: ratings emitted so far of the total. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(long done, long total);
    }

    /** One movie of movies.csv. */
    public record SyntheticMovie(int movieId, String title, String genres) {}

    private final Shape shape;
    private final float[] itemTaste; // movies × TASTE_DIMS, by popularity rank
    private final float[] itemBias;
    private final int[] movieIdOfRank; // popularity rank -> movieId
    private final double[] popularityCdf;
    private final int[] ratingsOfUser;

    public SyntheticRatings(Shape shape) {
        this.shape = shape;
        SplittableRandom rnd = new SplittableRandom(shape.seed());
        int m = shape.movies();
        itemTaste = new float[m * TASTE_DIMS];
        itemBias = new float[m];
        for (int i = 0; i < m; i++) {
            for (int d = 0; d < TASTE_DIMS; d++) itemTaste[i * TASTE_DIMS + d] = (float) rnd.nextGaussian();
            itemBias[i] = (float) (rnd.nextGaussian() * 0.4);
        }
        movieIdOfRank = shuffledIds(m, rnd);
        popularityCdf = zipfCdf(m, ZIPF_EXPONENT);
        ratingsOfUser = activity(shape, rnd);
    }

    public Shape shape() {
        return shape;
    }

    /** Ratings each user will get (userId = index + 1); sums to shape.ratings(). */
    public int ratingsOfUser(int userIndex) {
        return ratingsOfUser[userIndex];
    }

    /** Streams every rating to the sink; the same seed always gives the same sequence. */
    public void generate(RatingSink sink, Progress progress) {
        int m = shape.movies();
        int[] stamp = new int[m]; // stamp[r] == u + 1: rank r already rated by user u
        float[] taste = new float[TASTE_DIMS];
        long done = 0;
        for (int u = 0; u < shape.users(); u++) {
            // one stream per user: user u's ratings depend only on (seed, u)
            SplittableRandom rnd = new SplittableRandom(shape.seed() * 0x9E3779B97F4A7C15L + u + 1);
            double userBias = rnd.nextGaussian() * 0.35;
            for (int d = 0; d < TASTE_DIMS; d++) taste[d] = (float) (rnd.nextGaussian() / Math.sqrt(TASTE_DIMS));
            long span = LAST_TIMESTAMP - FIRST_TIMESTAMP;
            long t = FIRST_TIMESTAMP + (long) (rnd.nextDouble() * span * 0.9);
            int count = ratingsOfUser[u];
            long meanGap = Math.max(1, (LAST_TIMESTAMP - t) / (2L * count));
            for (int n = 0; n < count; n++) {
                int rank;
                double affinity;
                while (true) {
                    rank = drawRank(rnd.nextDouble());
                    if (stamp[rank] == u + 1) continue;
                    affinity = dot(taste, rank);
                    if (rnd.nextDouble() < 0.5 + 0.5 / (1 + Math.exp(-2 * affinity))) break;
                }
                stamp[rank] = u + 1;
                double raw = MEAN_RATING + userBias + itemBias[rank] + TASTE_WEIGHT * affinity
                        + rnd.nextGaussian() * NOISE_SIGMA;
                float rating = (float) Math.min(5.0, Math.max(0.5, Math.round(raw * 2) / 2.0));
                t += 1 + (long) (-Math.log(1 - rnd.nextDouble()) * meanGap); // strictly increasing
                sink.accept(u + 1, movieIdOfRank[rank], rating, t);
            }
            done += count;
            progress.update(done, shape.ratings());
        }
    }

    /** The movies, by movieId: a synthetic title with a year and the genres of the strongest tastes. */
    public SyntheticMovie[] movies() {
        int m = shape.movies();
        SyntheticMovie[] out = new SyntheticMovie[m];
        SplittableRandom rnd = new SplittableRandom(shape.seed() ^ 0x5DEECE66DL);
        for (int rank = 0; rank < m; rank++) {
            int best = 0, second = 1;
            for (int d = 0; d < TASTE_DIMS; d++) {
                float v = itemTaste[rank * TASTE_DIMS + d];
                if (v > itemTaste[rank * TASTE_DIMS + best]) {
                    second = best;
                    best = d;
                } else if (d != best && v > itemTaste[rank * TASTE_DIMS + second]) {
                    second = d;
                }
            }
            int id = movieIdOfRank[rank];
            int year = 1930 + rnd.nextInt(85);
            out[id - 1] = new SyntheticMovie(id, "Synthetic Movie " + id + " (" + year + ")",
                    GENRES[best] + "|" + GENRES[second]);
        }
        return out;
    }

    private float dot(float[] taste, int rank) {
        float s = 0;
        int off = rank * TASTE_DIMS;
        for (int d = 0; d < TASTE_DIMS; d++) s += taste[d] * itemTaste[off + d];
        return s;
    }

    /** Inverse CDF by binary search: the popularity rank for a uniform draw. O(log movies). */
    private int drawRank(double uniform) {
        int i = Arrays.binarySearch(popularityCdf, uniform);
        return Math.min(popularityCdf.length - 1, i >= 0 ? i : -i - 1);
    }

    private static double[] zipfCdf(int m, double s) {
        double[] cdf = new double[m];
        double sum = 0;
        for (int r = 0; r < m; r++) {
            sum += 1.0 / Math.pow(r + 1, s);
            cdf[r] = sum;
        }
        for (int r = 0; r < m; r++) cdf[r] /= sum;
        return cdf;
    }

    private static int[] shuffledIds(int m, SplittableRandom rnd) {
        int[] ids = new int[m];
        for (int i = 0; i < m; i++) ids[i] = i + 1;
        for (int i = m - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return ids;
    }

    static int maxPerUser(int movies) {
        return Math.max(1, movies / 3);
    }

    /**
     * Ratings per user: MIN + a log-normal share of the rest, capped at a third of the movies; the
     * rounding remainder and anything cut by the cap go to users below the cap, so the total is exact.
     */
    private static int[] activity(Shape shape, SplittableRandom rnd) {
        int n = shape.users();
        int cap = maxPerUser(shape.movies());
        int min = Math.min(MIN_RATINGS_PER_USER, cap);
        double[] w = new double[n];
        double sum = 0;
        for (int u = 0; u < n; u++) {
            w[u] = Math.exp(rnd.nextGaussian() * ACTIVITY_SIGMA);
            sum += w[u];
        }
        long extra = shape.ratings() - (long) n * min;
        int[] count = new int[n];
        long assigned = 0;
        for (int u = 0; u < n; u++) {
            count[u] = (int) Math.min(cap, min + (long) Math.floor(extra * w[u] / sum));
            assigned += count[u];
        }
        long left = shape.ratings() - assigned;
        while (left > 0) { // hand out the remainder round-robin to users with room
            boolean any = false;
            for (int u = 0; u < n && left > 0; u++) {
                if (count[u] < cap) {
                    int add = (int) Math.min(left, Math.max(1, Math.min(cap - count[u], left / n)));
                    count[u] += add;
                    left -= add;
                    any = true;
                }
            }
            if (!any) throw new IllegalStateException("cannot place " + left + " ratings: every user is at the cap");
        }
        return count;
    }
}
