package io.reprise.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The Reprise release this engine is, as the build wrote it into {@code io/reprise/engine/reprise-version.properties}
 * (a filtered resource of core-engine, see its pom), read once. Classes compiled without Maven's resource filtering
 * (some IDE set-ups) fall back to the jar manifest's {@code Implementation-Version}, then to {@value #UNKNOWN}.
 */
final class EngineVersion {

    static final String UNKNOWN = "unknown";
    private static final String VERSION = read();

    private EngineVersion() {
    }

    /** The release, e.g. {@code 0.1.0}. */
    static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = EngineVersion.class.getResourceAsStream("reprise-version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (!version.isBlank() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException e) {
            // falls back below
        }
        String manifest = EngineVersion.class.getPackage().getImplementationVersion();
        return manifest != null && !manifest.isBlank() ? manifest : UNKNOWN;
    }
}
