package dev.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module rules of DESIGN.md, checked on the compiled classes of every module: arrows only point
 * down ("shared knows nothing of Lambda, MINA or CDK"; handlers and the SFTP server call shared,
 * never each other), so a rule written in shared is the only copy.
 */
class ModuleRulesTest {

    /** Each module and the modules its main code may use. */
    static final Map<String, Set<String>> MAY_USE =
            Map.of(
                    "embedded-aws", Set.of(),
                    "shared", Set.of(),
                    "lambdas", Set.of("shared"),
                    "sftp-fargate", Set.of("shared"),
                    "cdk", Set.of("shared"),
                    "local", Set.of("shared", "lambdas", "sftp-fargate", "embedded-aws"));

    /** The cdk module is a test dependency of this module for this analysis only. */
    static final Class<?> CDK_APP = dev.sluice.cdk.Sluice.class;

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.sluice");
    }

    static List<String> modules() {
        return List.copyOf(new java.util.TreeSet<>(MAY_USE.keySet()));
    }

    /**
     * Classes compiled from a module ({@code <module>/target/classes} in the reactor, or its jar).
     */
    static DescribedPredicate<JavaClass> inModule(String module) {
        return DescribedPredicate.describe(
                "in module " + module,
                c ->
                        c.getSource()
                                .map(s -> s.getUri().toString())
                                .map(
                                        uri ->
                                                uri.contains("/" + module + "/target/classes/")
                                                        || uri.contains("/sluice-" + module + "-"))
                                .orElse(false));
    }

    @ParameterizedTest(name = "{0} uses only the modules below it")
    @MethodSource("modules")
    void modulesDependOnlyDownward(String module) {
        for (String other : MAY_USE.keySet()) {
            if (other.equals(module) || MAY_USE.get(module).contains(other)) {
                continue;
            }
            noClasses()
                    .that(inModule(module))
                    .should()
                    .dependOnClassesThat(inModule(other))
                    .because(
                            module
                                    + " may use only "
                                    + MAY_USE.get(module)
                                    + " (DESIGN.md, Modules)")
                    .check(classes);
        }
    }

    @Test
    void sharedKnowsNothingOfLambdaMinaOrCdk() {
        noClasses()
                .that(inModule("shared"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.sshd..",
                        "com.amazonaws.services.lambda..",
                        "software.amazon.awscdk..",
                        "software.constructs..",
                        "software.amazon.jsii..",
                        "software.amazon.lambda..")
                .because("shared holds the protocol-neutral rules every runtime calls")
                .check(classes);
    }

    @Test
    void theRulesAreFoundAtAll() {
        // A rule that matches no class passes vacuously: make sure every module was imported.
        if (!classes.contain(CDK_APP)) {
            throw new AssertionError("the cdk module's classes were not imported");
        }
        for (String module : MAY_USE.keySet()) {
            if (classes.stream().noneMatch(inModule(module))) {
                throw new AssertionError(
                        "no classes of module "
                                + module
                                + " were imported; the rules above checked nothing");
            }
        }
    }
}
