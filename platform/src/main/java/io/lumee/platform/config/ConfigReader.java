package io.lumee.platform.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed settings from environment variables ({@code LUMEE_*}), each with a documented default.
 *
 * <p>Every accessor remembers what it read, defaults applied and secrets masked, for
 * {@link #settings()}: the effective config a service prints at start. A bad value does not throw:
 * the accessor records one line {@code NAME: expected ..., got "..."} and returns the default (or, for
 * a required setting, a stand-in), so reading goes on and {@link #requireValid()} reports every bad
 * setting at once. Values read before {@code requireValid()} passes must therefore not be used.
 *
 * <p>A variable set to blank text counts as unset, because container specs often declare a variable
 * with an empty value to mean "not configured".
 */
public final class ConfigReader {

    private static final String PREFIX = "LUMEE_";
    private static final String UNSET = "(unset)";
    private static final Pattern SENSITIVE = Pattern.compile("PASSWORD|SECRET|JAAS|TOKEN|CREDENTIAL");

    private final Map<String, String> environment;
    private final Map<String, Setting> settings = new LinkedHashMap<>();
    private final Set<String> readPrefixes = new TreeSet<>();
    private final List<String> errors = new ArrayList<>();

    public ConfigReader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The process environment, as every service reads it in production. */
    public static ConfigReader fromEnvironment() {
        return new ConfigReader(System.getenv());
    }

    public String string(String name, String defaultValue) {
        return read(name, defaultValue, defaultValue, "text", Optional::of);
    }

    public Optional<String> optionalString(String name) {
        return readOptional(name, "text", Optional::of, raw -> raw);
    }

    /** An integer in {@code min..max}. */
    public int intValue(String name, int defaultValue, int min, int max) {
        return Math.toIntExact(longValue(name, defaultValue, min, max));
    }

    /** An integer in {@code min..max}. */
    public long longValue(String name, long defaultValue, long min, long max) {
        if (defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " lies outside " + min + ".." + max);
        }
        return read(name, defaultValue, Long.toString(defaultValue), "an integer in " + min + ".." + max, raw -> {
            try {
                long value = Long.parseLong(raw);
                return value >= min && value <= max ? Optional.of(value) : Optional.empty();
            } catch (NumberFormatException notAnInteger) {
                return Optional.empty();
            }
        });
    }

    /** {@code true} or {@code false}, in any letter case. */
    public boolean booleanValue(String name, boolean defaultValue) {
        return read(name, defaultValue, Boolean.toString(defaultValue), "true or false", raw -> {
            String value = raw.toLowerCase(Locale.ROOT);
            return value.equals("true") || value.equals("false") ? Optional.of(Boolean.parseBoolean(value)) : Optional.empty();
        });
    }

    /**
     * A positive duration written as a whole number and a unit ({@code 500ms}, {@code 30s},
     * {@code 5m}, {@code 2h}, {@code 7d}) or in ISO-8601 ({@code PT30S}); the default is written the same way.
     */
    public Duration duration(String name, String defaultValue) {
        Duration fallback = DurationText.parse(defaultValue)
                .orElseThrow(() -> new IllegalArgumentException(name + ": default \"" + defaultValue + "\" is not a duration"));
        return read(name, fallback, defaultValue, "a positive duration such as 500ms, 30s, 5m, 2h or 7d", DurationText::parse);
    }

    /** One of the constants of the default's enum, in any letter case. */
    public <E extends Enum<E>> E enumValue(String name, E defaultValue) {
        E[] constants = defaultValue.getDeclaringClass().getEnumConstants();
        String expected = "one of " + Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", "));
        return read(name, defaultValue, defaultValue.name(), expected, raw -> Arrays.stream(constants)
                .filter(constant -> constant.name().equalsIgnoreCase(raw))
                .findFirst());
    }

    /** Comma-separated items, trimmed, empty items dropped; the default is written the same way. */
    public List<String> list(String name, String defaultValue) {
        return read(name, splitList(defaultValue), defaultValue, "a comma-separated list", raw -> Optional.of(splitList(raw)));
    }

    public HostPort hostPort(String name, String defaultValue) {
        HostPort fallback = HostPort.parse(defaultValue)
                .orElseThrow(() -> new IllegalArgumentException(name + ": default \"" + defaultValue + "\" is not host:port"));
        return read(name, fallback, defaultValue, "host:port", HostPort::parse);
    }

    /** A comma-separated list of at least one {@code host:port}. */
    public List<HostPort> hostPorts(String name, String defaultValue) {
        Function<String, Optional<List<HostPort>>> parse = raw -> {
            List<Optional<HostPort>> parsed = splitList(raw).stream().map(HostPort::parse).toList();
            return parsed.isEmpty() || parsed.stream().anyMatch(Optional::isEmpty)
                    ? Optional.empty()
                    : Optional.of(parsed.stream().map(Optional::orElseThrow).toList());
        };
        List<HostPort> fallback = parse.apply(defaultValue)
                .orElseThrow(() -> new IllegalArgumentException(name + ": default \"" + defaultValue + "\" is not a host:port list"));
        return read(name, fallback, defaultValue, "a comma-separated list of host:port", parse);
    }

    /** A readable regular file; empty when the variable is unset. */
    public Optional<Path> optionalReadableFile(String name) {
        return readOptional(name, "a readable file", raw -> readableFile(name, raw), Path::toString);
    }

    /** A readable regular file that must be configured. */
    public Path readableFile(String name) {
        return optionalReadableFile(name).orElseGet(() -> {
            rejectIfUnreported(name, "a readable file", "nothing (it is required)");
            return Path.of("");
        });
    }

    /**
     * A secret whose file path the variable holds; the secret itself is the file's content without its
     * trailing line break. Shown as {@code ****} with the path; errors name the path, never the content.
     */
    public Optional<Secret> optionalSecret(String name) {
        return optionalReadableFile(name).flatMap(file -> {
            try {
                Secret secret = Secret.readFrom(file);
                settings.put(name, new Setting(name, secret + " from " + file, false));
                return Optional.of(secret);
            } catch (IOException | IllegalArgumentException unreadable) {
                settings.remove(name);
                rejectIfUnreported(name, "a file holding a non-empty secret", quote(file.toString()) + " (" + describe(unreadable) + ")");
                return Optional.empty();
            }
        });
    }

    /** A secret that must be configured; see {@link #optionalSecret(String)}. */
    public Secret secret(String name) {
        return optionalSecret(name).orElseGet(() -> {
            rejectIfUnreported(name, "a file holding a non-empty secret", "nothing (it is required)");
            return Secret.unread();
        });
    }

    /**
     * Every variable whose name starts with {@code prefix}, in name order, blank values kept (a
     * pass-through may need to set an empty value). Values of names that look sensitive are masked in
     * {@link #settings()}.
     */
    public Map<String, String> prefixed(String prefix) {
        readPrefixes.add(prefix);
        Map<String, String> matching = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                matching.put(name, value);
            }
        });
        matching.forEach((name, value) ->
                settings.put(name, new Setting(name, SENSITIVE.matcher(name).find() ? Secret.MASK : value, false)));
        return matching;
    }

    /** Records a bad setting found by a check across settings, in the same one-line form. */
    public void reject(String name, String expected, String got) {
        errors.add(name + ": expected " + expected + ", got " + got);
    }

    /** Throws a {@link ConfigException} listing every bad setting, if there was any. */
    public void requireValid() {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** The effective config: every setting read so far, in reading order. */
    public List<Setting> settings() {
        return List.copyOf(settings.values());
    }

    /** {@code LUMEE_*} variables nothing read: a typo, or a setting this service (or configuration) does not use. */
    public List<String> unreadNames() {
        return environment.keySet().stream()
                .filter(name -> name.startsWith(PREFIX) && !settings.containsKey(name))
                .filter(name -> readPrefixes.stream().noneMatch(name::startsWith))
                .sorted()
                .toList();
    }

    /** Renders a value for an error line: quoted and escaped, so the line stays one line. */
    public static String quote(String raw) {
        StringBuilder quoted = new StringBuilder("\"");
        raw.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        quoted.append(String.format("\\u%04x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }

    private <T> T read(String name, T defaultValue, String shownDefault, String expected, Function<String, Optional<T>> parse) {
        String raw = environment.get(name);
        if (raw == null || raw.isBlank()) {
            settings.put(name, new Setting(name, shownDefault, true));
            return defaultValue;
        }
        return parseOrReject(name, raw, expected, parse, value -> raw.trim()).orElse(defaultValue);
    }

    private <T> Optional<T> readOptional(String name, String expected, Function<String, Optional<T>> parse, Function<T, String> shown) {
        String raw = environment.get(name);
        if (raw == null || raw.isBlank()) {
            settings.put(name, new Setting(name, UNSET, false));
            return Optional.empty();
        }
        return parseOrReject(name, raw, expected, parse, shown);
    }

    private <T> Optional<T> parseOrReject(String name, String raw, String expected, Function<String, Optional<T>> parse, Function<T, String> shown) {
        Optional<T> parsed = parse.apply(raw.trim());
        parsed.ifPresentOrElse(
                value -> settings.put(name, new Setting(name, shown.apply(value), false)),
                () -> {
                    settings.remove(name);
                    rejectIfUnreported(name, expected, quote(raw));
                });
        return parsed;
    }

    /** A variable read twice, or refused by a specific check first, is reported once. */
    private void rejectIfUnreported(String name, String expected, String got) {
        if (errors.stream().noneMatch(line -> line.startsWith(name + ": "))) {
            reject(name, expected, got);
        }
    }

    private Optional<Path> readableFile(String name, String raw) {
        Path file;
        try {
            file = Path.of(raw);
        } catch (InvalidPathException notAPath) {
            return Optional.empty();
        }
        String problem = !Files.exists(file) ? "no such file"
                : !Files.isRegularFile(file) ? "not a regular file"
                : !Files.isReadable(file) ? "not readable"
                : null;
        if (problem != null) {
            rejectIfUnreported(name, "a readable file", quote(raw) + " (" + problem + ")");
            return Optional.empty();
        }
        return Optional.of(file);
    }

    private static String describe(Exception unreadable) {
        return unreadable instanceof IllegalArgumentException ? "empty" : unreadable.getClass().getSimpleName();
    }

    private static List<String> splitList(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }
}
