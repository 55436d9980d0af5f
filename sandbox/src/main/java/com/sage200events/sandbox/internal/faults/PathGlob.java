package com.sage200events.sandbox.internal.faults;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A path pattern where {@code *} matches any run of characters, slashes included, and nothing else is special. */
final class PathGlob {

    private final Pattern pattern;

    PathGlob(String glob) {
        this.pattern = Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    boolean matches(String path) {
        return pattern.matcher(path).matches();
    }
}
