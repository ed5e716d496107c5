package io.reelstream.trainer.io;

import java.util.Map;

/**
 * A loaded MovieLens directory: the ratings (validated, duplicates resolved), the movies, the
 * SHA-256 of each input file (the run's data fingerprint) and what was skipped.
 */
public record Dataset(MovieLensLayout layout, RatingsTable ratings, Map<Integer, Movie> movies,
                      Map<String, String> sha256ByFile, IssueLog issues) {
}
