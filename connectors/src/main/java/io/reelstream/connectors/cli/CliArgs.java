package io.reelstream.connectors.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} arguments, checked against the options a command knows.
 * Unknown options, a missing value or a non-number where a number is due throw {@link UsageException}
 * naming the option.
 */
final class CliArgs {
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private CliArgs() {}

    /**
     * @param valued options that take a value, e.g. {@code --topic}
     * @param flagNames options without a value, e.g. {@code --help}
     */
    static CliArgs parse(String[] args, Set<String> valued, Set<String> flagNames) throws UsageException {
        CliArgs parsed = new CliArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (flagNames.contains(name) && inline == null) {
                parsed.flags.add(name);
            } else if (valued.contains(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.length) throw new UsageException(name + " needs a value");
                    value = args[++i];
                }
                parsed.values.put(name, value);
            } else {
                throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return parsed;
    }

    boolean has(String flag) {
        return flags.contains(flag) || values.containsKey(flag);
    }

    String get(String option, String defaultValue) {
        return values.getOrDefault(option, defaultValue);
    }

    String get(String option) {
        return values.get(option);
    }

    long getLong(String option, long defaultValue) throws UsageException {
        String value = values.get(option);
        if (value == null) return defaultValue;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + value + "'");
        }
    }
}
