package com.sage200events.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The user's manual (the seed document in {@code ../shared/seed}, beside the repository), our contract: its JSON
 * examples must keep working verbatim. A test that reads it is skipped, not failed, where the document is absent.
 */
public final class UserManual {

    /** From a module's directory, where Maven runs its tests. */
    private static final Path SEED_DIR = Path.of("..", "..", "shared", "seed");

    private UserManual() {
    }

    /** The "Example JSON with Polling", character for character as the manual prints it. */
    public static String exampleWithPolling() {
        return jsonBlockAfter("instance JSON with polling events enabled:");
    }

    /** The instance template with its blanks ("Construct a JSON body as shown below"). */
    public static String template() {
        return jsonBlockAfter("Construct a JSON body as shown below");
    }

    /** The first balanced JSON object after {@code marker} in the manual. */
    public static String jsonBlockAfter(String marker) {
        String text = text();
        int start = text.indexOf('{', text.indexOf(marker));
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                return text.substring(start, i + 1);
            }
        }
        throw new AssertionError("unbalanced JSON after " + marker);
    }

    private static String text() {
        assumeTrue(Files.isDirectory(SEED_DIR), "the seed document lives in ../shared/seed; skipped without it");
        try (Stream<Path> files = Files.list(SEED_DIR)) {
            Path seed = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().findFirst().orElseThrow();
            return Files.readString(seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
