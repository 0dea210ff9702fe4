package io.reprise;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries of docs/architecture.md ("Package rules"), checked on the compiled main classes:
 * <ul>
 *   <li>no public signature of the public API packages names a type of {@code io.reprise.engine..} or
 *       {@code io.reprise.internal..}, except the members listed in {@link #ALLOWED};</li>
 *   <li>{@code common} and {@code failure}, the vocabulary both sides share, depend on nothing in the engine or
 *       the SDK's internals;</li>
 *   <li>the engine depends on no SDK package (it may use {@code common} and {@code failure});</li>
 *   <li>no SDK package touches the proto v1 types, protobuf or gRPC: they stay behind {@code EngineService}.</li>
 * </ul>
 */
class ArchitectureTest {

    /** What user code imports. */
    static final List<String> PUBLIC_PACKAGES = List.of("io.reprise.workflow", "io.reprise.activity",
            "io.reprise.client", "io.reprise.worker", "io.reprise.common", "io.reprise.failure", "io.reprise.testing");

    /** What user code must never see. */
    static final List<String> HIDDEN_PACKAGES = List.of("io.reprise.engine", "io.reprise.internal");

    /**
     * The public members that may name an engine type, each with the reason. One list, so that whoever narrows
     * the API (e.g. the test environment becoming an interface) removes entries here and nowhere else; an entry
     * that no longer matches a member that names a hidden type fails {@link #everyAllowanceIsStillNeeded}.
     */
    static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("io.reprise.client.WorkflowClient.newInstance(io.reprise.engine.api.EngineService)",
                    "EngineService is the one boundary a client is built on (embedded engine or remote)"),
            Map.entry("io.reprise.client.WorkflowClient.newInstance(io.reprise.engine.api.EngineService, "
                            + "io.reprise.client.WorkflowClientOptions)",
                    "the same, with options"),
            Map.entry("io.reprise.client.WorkflowClient.getEngineService()",
                    "workers built from a client (WorkerFactory.newInstance(client)) poll the same EngineService"),
            Map.entry("io.reprise.client.NamespaceClient.newInstance(io.reprise.engine.api.EngineService)",
                    "namespaces are administered on an EngineService, like a client is built on one"),
            Map.entry("io.reprise.testing.TestWorkflowEnvironment.getEngineService()",
                    "the test kit's engine for direct inspection, as the one boundary interface (EngineService)"),
            Map.entry("io.reprise.testing.TestEnvironmentOptions.getEngineMetricsListener()",
                    "the test kit's engine reports its metrics to the listener a test gives (the Spring test "
                            + "support binds Micrometer to it)"),
            Map.entry("io.reprise.testing.TestEnvironmentOptions$Builder.setEngineMetricsListener("
                            + "io.reprise.engine.EngineMetricsListener)",
                    "the same, set"));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.reprise");

    @Test
    void noPublicSignatureOfThePublicApiNamesAnEngineOrInternalType() {
        assertThat(leaks().keySet().stream().filter(member -> !ALLOWED.containsKey(member)).map(leaks()::get))
                .as("public API members that name an engine or internal type; give them a public type mapped at "
                        + "the boundary, or add them with a reason to ArchitectureTest.ALLOWED")
                .isEmpty();
    }

    @Test
    void everyAllowanceIsStillNeeded() {
        assertThat(new TreeSet<>(ALLOWED.keySet())).as("allowances that match no leaking member; remove them")
                .allMatch(leaks()::containsKey);
    }

    @Test
    void commonAndFailureDependOnNothingOfTheEngineOrTheInternals() {
        noClasses().that().resideInAnyPackage("io.reprise.common..", "io.reprise.failure..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reprise.engine..", "io.reprise.internal..")
                .because("common and failure are the vocabulary the SDK and the engine share")
                .check(MAIN);
    }

    @Test
    void onlyTheEngineAndTheTransportTouchTheWireSchema() {
        noClasses().that().resideInAnyPackage("io.reprise.workflow..", "io.reprise.activity..",
                        "io.reprise.client..", "io.reprise.worker..", "io.reprise.common..", "io.reprise.failure..",
                        "io.reprise.testing..", "io.reprise.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reprise.engine.proto..", "com.google.protobuf..",
                        "io.grpc..")
                .because("the SDK reaches the engine only through EngineService's plain records; the proto v1 types "
                        + "stay behind it (mapped in io.reprise.engine.proto, sent by io.reprise.transport.grpc)")
                .check(MAIN);
    }

    @Test
    void theEngineDependsOnNoSdkPackage() {
        noClasses().that().resideInAPackage("io.reprise.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reprise.client..", "io.reprise.worker..",
                        "io.reprise.workflow..", "io.reprise.activity..", "io.reprise.testing..",
                        "io.reprise.internal..")
                .because("the engine serves any client through EngineService; it may use only common and failure")
                .check(MAIN);
    }

    /** Each public member (or class, for its supertypes) that names a hidden type, with what it names. */
    private static Map<String, String> leaks() {
        Map<String, String> leaks = new TreeMap<>();
        for (JavaClass type : MAIN) {
            if (!PUBLIC_PACKAGES.contains(type.getPackageName()) || !isVisible(type)) {
                continue;
            }
            Set<String> supertypes = hidden(Stream.concat(type.getSuperclass().stream(),
                    type.getInterfaces().stream()).toList());
            if (!supertypes.isEmpty()) {
                leaks.put(type.getName(), type.getName() + " extends or implements " + supertypes);
            }
            for (JavaMember member : type.getMembers()) {
                if (!isVisible(member)) {
                    continue;
                }
                List<JavaType> named = new ArrayList<>();
                if (member instanceof JavaField field) {
                    named.add(field.getType());
                } else if (member instanceof JavaCodeUnit code) {
                    named.add(code.getReturnType());
                    named.addAll(code.getParameterTypes());
                    named.addAll(code.getThrowsClause().getTypes());
                }
                Set<String> hidden = hidden(named);
                if (!hidden.isEmpty()) {
                    leaks.put(member.getFullName(), member.getFullName() + " names " + hidden);
                }
            }
        }
        return leaks;
    }

    private static boolean isVisible(JavaClass type) {
        for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
            if (!c.getModifiers().contains(JavaModifier.PUBLIC) || c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisible(JavaMember member) {
        Set<JavaModifier> modifiers = member.getModifiers();
        boolean subclassable = !member.getOwner().getModifiers().contains(JavaModifier.FINAL);
        return !modifiers.contains(JavaModifier.SYNTHETIC) && !modifiers.contains(JavaModifier.BRIDGE)
                && (modifiers.contains(JavaModifier.PUBLIC)
                        || subclassable && modifiers.contains(JavaModifier.PROTECTED));
    }

    /** The hidden types among {@code types} and their type arguments. */
    private static Set<String> hidden(Collection<? extends JavaType> types) {
        Set<String> hidden = new TreeSet<>();
        for (JavaType t : types) {
            for (JavaClass raw : t.getAllInvolvedRawTypes()) {
                JavaClass base = raw.isArray() ? raw.getBaseComponentType() : raw;
                if (HIDDEN_PACKAGES.stream().anyMatch(p -> base.getPackageName().equals(p)
                        || base.getPackageName().startsWith(p + "."))) {
                    hidden.add(base.getName());
                }
            }
        }
        return hidden;
    }
}
