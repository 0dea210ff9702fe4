package io.reprise.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The error codes docs/architecture.md says the embedded engine throws are the ones its code throws. */
class ErrorCodesDocsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/reprise/engine");
    private static final Path ARCHITECTURE = Path.of("../docs/architecture.md");

    @Test
    void theArchitecturePageListsExactlyTheCodesTheEngineThrows() throws IOException {
        assertThat(documentedCodes()).isEqualTo(thrownCodes());
    }

    @Test
    void theCodesReservedForTheRemoteTransportAreExactlyTheOnesTheEngineDoesNotThrow() throws IOException {
        Set<String> notThrown = new TreeSet<>();
        for (EngineException.Code code : EngineException.Code.values()) {
            notThrown.add(code.name());
        }
        notThrown.removeAll(thrownCodes());

        assertThat(reservedCodes()).isEqualTo(notThrown);
    }

    /** The codes named after the thrown ones, up to "exist for the remote transport". */
    private static Set<String> reservedCodes() throws IOException {
        String page = Files.readString(ARCHITECTURE).replace('\n', ' ');
        Matcher sentence = Pattern.compile("The embedded engine throws these codes: [^(]*\\((.*?) exist for the "
                + "remote transport").matcher(page);
        assertThat(sentence.find()).as("docs/architecture.md names the codes reserved for the remote transport")
                .isTrue();
        Set<String> codes = new TreeSet<>();
        Matcher code = Pattern.compile("`([A-Z_]+)`").matcher(sentence.group(1));
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }

    /** The codes in the sentence "The embedded engine throws these codes: …". */
    private static Set<String> documentedCodes() throws IOException {
        String page = Files.readString(ARCHITECTURE).replace('\n', ' ');
        Matcher sentence = Pattern.compile("The embedded engine throws these codes: ([^(]*)\\(").matcher(page);
        assertThat(sentence.find()).as("docs/architecture.md states the codes the engine throws").isTrue();
        Set<String> codes = new TreeSet<>();
        Matcher code = Pattern.compile("`([A-Z_]+)`").matcher(sentence.group(1));
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }

    /** The codes of the exceptions made in the engine's sources (the constructor and the two shorthands). */
    private static Set<String> thrownCodes() throws IOException {
        Set<String> codes = new TreeSet<>();
        Pattern made = Pattern.compile("new EngineException\\(\\s*(?:EngineException\\.)?Code\\.([A-Z_]+)");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                try {
                    String source = Files.readString(file);
                    Matcher matcher = made.matcher(source);
                    while (matcher.find()) {
                        codes.add(matcher.group(1));
                    }
                    if (source.contains("EngineException.invalidArgument(")) {
                        codes.add("INVALID_ARGUMENT");
                    }
                    if (source.contains("EngineException.notFound(") || source.contains(".notFound(")) {
                        codes.add("NOT_FOUND");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return codes;
    }
}
