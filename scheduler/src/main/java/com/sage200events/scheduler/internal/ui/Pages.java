package com.sage200events.scheduler.internal.ui;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's HTML: Pebble templates under {@code /ui/*.peb} on the classpath, HTML-escaped by default
 * (Pebble's autoescaping), so a name or an error text from Sage can never become markup.
 */
final class Pages {

    private final PebbleEngine engine;

    Pages() {
        ClasspathLoader loader = new ClasspathLoader(Pages.class.getClassLoader());
        loader.setPrefix("ui");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).strictVariables(false).build();
    }

    /** Renders {@code /ui/<name>.peb} with {@code model}. */
    String render(String name, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        try {
            engine.getTemplate(name).evaluate(out, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
