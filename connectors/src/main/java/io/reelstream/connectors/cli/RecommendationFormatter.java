package io.reelstream.connectors.cli;

import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** A RecommendationList as a few readable lines: a header, then one line per movie, best first. */
final class RecommendationFormatter {
    static final int TITLE_WIDTH = 44;

    private final Map<Integer, String> titles;

    RecommendationFormatter(Map<Integer, String> titles) {
        this.titles = titles;
    }

    String format(RecommendationList list) {
        StringBuilder text = new StringBuilder();
        text.append("user ").append(list.getUserId())
                .append("  ").append(list.getStrategy())
                .append("  model ").append(list.getModelVersion())
                .append("  after ").append(list.getCauseEventId())
                .append("  at ").append(Instant.ofEpochMilli(list.getGeneratedAt()))
                .append('\n');
        if (list.getItems().isEmpty()) {
            text.append("   (no recommendations)\n");
        }
        int rank = 1;
        for (RankedMovie item : list.getItems()) {
            String title = titles.getOrDefault(item.getMovieId(), "movie " + item.getMovieId());
            text.append(String.format(Locale.ROOT, "  %2d. %-" + TITLE_WIDTH + "s [%d]  %.3f  %s%n",
                    rank++, abbreviate(title), item.getMovieId(), item.getScore(), item.getReason()));
        }
        return text.toString();
    }

    private static String abbreviate(String title) {
        return title.length() <= TITLE_WIDTH ? title : title.substring(0, TITLE_WIDTH - 3) + "...";
    }
}
