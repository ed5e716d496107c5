package io.reelstream.trainer.tune.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ordered list of {@link Param}s: what a sampler draws, in order, so a condition can look at
 * the parameters drawn before it. Parsed from a small text format, one parameter a line:
 * <pre>
 *   # comment
 *   KEY = int LO..HI [log] [grid N] [if PARAM=V1,V2]
 *   KEY = float LO..HI [log] [grid N] [if PARAM=V1,V2]
 *   KEY = choice V1,V2,... [if PARAM=V1,V2]
 * </pre>
 * {@code log} samples log-uniformly; {@code grid N} is how many points the grid search spreads
 * over a range (default 3; every integer when the range has no more); a condition names a choice
 * parameter defined on an earlier line. Nothing here knows what the keys mean: the tuner checks
 * them against the trainer's config.
 */
public final class SearchSpace {
    private final List<Param> params;

    public SearchSpace(List<Param> params) {
        if (params.isEmpty()) throw new IllegalArgumentException("the search space has no parameters");
        Map<String, Param> byId = new LinkedHashMap<>();
        for (Param p : params) {
            if (p.condition() != null) {
                Param parent = byId.get(p.condition().param());
                if (parent == null) {
                    throw new IllegalArgumentException(where(p) + p.key() + ": its condition names '" + p.condition().key()
                            + "', which is not a parameter on an earlier line");
                }
                if (!(parent.domain() instanceof Domain.Choice choice)) {
                    throw new IllegalArgumentException(where(p) + p.key() + ": its condition must name a choice parameter, '"
                            + parent.key() + "' is " + parent.domain().describe());
                }
                for (String v : p.condition().values()) {
                    if (!choice.values().contains(v)) {
                        throw new IllegalArgumentException(where(p) + p.key() + ": condition value '" + v + "' is not one of "
                                + parent.key() + "'s choices " + String.join(",", choice.values()));
                    }
                }
            }
            if (byId.put(p.id(), p) != null) {
                throw new IllegalArgumentException(where(p) + p.id() + " is defined twice; a key may repeat only with"
                        + " disjoint conditions on one choice parameter (e.g. 'if als.regularization=constant')");
            }
        }
        // one key several times: only with conditions on one parameter with disjoint values, so at most one is active
        Map<String, List<Param>> byKey = new LinkedHashMap<>();
        for (Param p : params) byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        byKey.forEach((key, list) -> {
            if (list.size() == 1) return;
            Set<String> seen = new HashSet<>();
            String parent = null;
            for (Param p : list) {
                if (p.condition() == null || (parent != null && !parent.equals(p.condition().key()))) {
                    throw new IllegalArgumentException(where(p) + key + " is defined more than once; that needs a condition on"
                            + " the same choice parameter on each line (e.g. 'if als.regularization=constant')");
                }
                parent = p.condition().key();
                for (String v : p.condition().values()) {
                    if (!seen.add(v)) {
                        throw new IllegalArgumentException(where(p) + key + " is defined twice for " + parent + "=" + v);
                    }
                }
            }
        });
        this.params = List.copyOf(params);
    }

    public List<Param> params() {
        return params;
    }

    /** The config assignment of a trial's values (parameter id → value): key → value text, in space order. */
    public Map<String, String> assignment(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Param p : params) {
            Object v = values.get(p.id());
            if (v != null) out.put(p.key(), p.domain().format(v));
        }
        return out;
    }

    /** The distinct config keys, in order. */
    public List<String> keys() {
        return new ArrayList<>(new LinkedHashSet<>(params.stream().map(Param::key).toList()));
    }

    /** The space in its file format. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Param p : params) {
            sb.append(p.key()).append(" = ").append(p.domain().describe());
            if (!(p.domain() instanceof Domain.Choice) && p.gridPoints() != Param.DEFAULT_GRID_POINTS) {
                sb.append(" grid ").append(p.gridPoints());
            }
            if (p.condition() != null) sb.append(" if ").append(p.condition());
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Parses the text format (see the class comment). Errors name the source and line.
     *
     * @param source a name for messages, e.g. the file name
     */
    public static SearchSpace parse(String text, String source) {
        List<Param> params = new ArrayList<>();
        Map<String, String> idOfKey = new LinkedHashMap<>(); // a condition names a key; it means that key's unconditional entry
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String at = source + ":" + (i + 1) + ": ";
            try {
                Param p = parseLine(line, i + 1, idOfKey);
                params.add(p);
                idOfKey.putIfAbsent(p.key(), p.id());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + e.getMessage() + " (line: '" + line + "')");
            }
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException("tune space " + source + " has no parameters: give at least one line"
                    + " 'KEY = int|float LO..HI [log]' or 'KEY = choice A,B'");
        }
        try {
            return new SearchSpace(params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ":" + e.getMessage());
        }
    }

    private static Param parseLine(String line, int lineNo, Map<String, String> idOfKey) {
        int eq = line.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("expected 'KEY = TYPE ...'");
        String key = line.substring(0, eq).strip();
        if (!key.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("'" + key + "' is not a config key");
        List<String> words = new ArrayList<>(Arrays.asList(line.substring(eq + 1).strip().split("\\s+")));
        if (words.isEmpty() || words.get(0).isEmpty()) throw new IllegalArgumentException("missing the type: int, float or choice");
        Param.Condition condition = null;
        int ifAt = words.indexOf("if");
        if (ifAt >= 0) {
            if (ifAt != words.size() - 2) throw new IllegalArgumentException("expected 'if PARAM=V1,V2' at the end of the line");
            String cond = words.get(ifAt + 1);
            int ceq = cond.indexOf('=');
            if (ceq <= 0 || ceq == cond.length() - 1) throw new IllegalArgumentException("expected 'if PARAM=V1,V2', got 'if " + cond + "'");
            String parentKey = cond.substring(0, ceq);
            String parentId = idOfKey.getOrDefault(parentKey, parentKey);
            condition = new Param.Condition(parentId, parentKey, new LinkedHashSet<>(Arrays.asList(cond.substring(ceq + 1).split(","))));
            words = words.subList(0, ifAt);
        }
        String type = words.get(0).toLowerCase(java.util.Locale.ROOT);
        if (type.equals("choice")) {
            if (words.size() != 2) throw new IllegalArgumentException("expected 'choice V1,V2,...' (comma-separated, no spaces)");
            List<String> values = Arrays.stream(words.get(1).split(",")).map(String::strip).toList();
            if (values.stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException("an empty choice in '" + words.get(1) + "'");
            return new Param(key, new Domain.Choice(values), Param.DEFAULT_GRID_POINTS, condition, lineNo);
        }
        if (!type.equals("int") && !type.equals("float")) {
            throw new IllegalArgumentException("unknown type '" + words.get(0) + "': use int, float or choice");
        }
        if (words.size() < 2) throw new IllegalArgumentException("expected '" + type + " LO..HI'");
        String[] bounds = words.get(1).split("\\.\\.", -1);
        if (bounds.length != 2) throw new IllegalArgumentException("expected a range LO..HI, got '" + words.get(1) + "'");
        boolean log = false;
        int grid = Param.DEFAULT_GRID_POINTS;
        for (int w = 2; w < words.size(); w++) {
            String word = words.get(w);
            if (word.equals("log")) {
                log = true;
            } else if (word.equals("grid") && w + 1 < words.size()) {
                grid = parseInt(words.get(++w), "grid points");
            } else {
                throw new IllegalArgumentException("unexpected '" + word + "': after the range come 'log', 'grid N', 'if PARAM=V'");
            }
        }
        Domain domain = type.equals("int")
                ? new Domain.IntRange(parseLong(bounds[0], "lower bound"), parseLong(bounds[1], "upper bound"), log)
                : new Domain.FloatRange(parseDouble(bounds[0], "lower bound"), parseDouble(bounds[1], "upper bound"), log);
        return new Param(key, domain, grid, condition, lineNo);
    }

    private static String where(Param p) {
        return p.line() > 0 ? p.line() + ": " : "";
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is not an integer");
        }
    }

    private static long parseLong(String s, String what) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is not an integer (an int range takes whole numbers)");
        }
    }

    private static double parseDouble(String s, String what) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a number");
        }
    }
}
