package dev.sluice.cdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cdk.config.SluiceConfig;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * One synthesis of the whole app, shared by every test in the JVM: the first synthesis costs 10-20
 * s (jsii starts Node and loads aws-cdk-lib), later ones a few seconds. The app gets the {@code
 * context} of cdk/cdk.json, so feature flags are exactly those {@code cdk synth} uses, plus test
 * stand-ins for the build outputs ({@link TestAssets}); cdk-nag's AwsSolutions checks run as an
 * aspect during the synthesis.
 */
final class SynthesizedApp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, SynthesizedApp> CACHE = new ConcurrentHashMap<>();

    private final SluiceStacks stacks;
    private final CloudAssembly assembly;
    private final Map<String, Template> templates = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> templateJson = new ConcurrentHashMap<>();

    private SynthesizedApp(String name, Map<String, Object> extraContext) {
        Map<String, Object> context = new HashMap<>(cdkJsonContext());
        context.put("lambdaJar", TestAssets.lambdaJar().toString());
        context.put("sftpDockerDir", TestAssets.sftpDockerDir().toString());
        context.putAll(extraContext);
        Path outdir = Path.of("target", "cdk-test.out", name);
        deleteRecursively(outdir);
        App app = new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
        this.stacks = Sluice.build(app, SluiceConfig.fromContext(app.getNode()));
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        try {
            this.assembly = app.synth();
        } catch (RuntimeException e) {
            throw new IllegalStateException("synthesis failed" + violations(outdir), e);
        }
    }

    /**
     * With {@code @aws-cdk/core:annotationsInValidationReport}, error annotations (cdk-nag's
     * findings among them) fail the synthesis; the validation report says which and where.
     */
    private static String violations(Path outdir) {
        Path report = outdir.resolve("validation-report.json");
        if (!Files.exists(report)) {
            return "";
        }
        StringBuilder text = new StringBuilder(":");
        try {
            for (var plugin : JSON.readTree(report.toFile()).path("pluginReports")) {
                for (var violation : plugin.path("violations")) {
                    text.append("\n  ")
                            .append(violation.path("ruleName").asText())
                            .append(": ")
                            .append(violation.path("description").asText());
                    for (var construct : violation.path("violatingConstructs")) {
                        text.append("\n      at ").append(construct.path("constructPath").asText());
                    }
                }
            }
        } catch (IOException e) {
            text.append(" (could not read ")
                    .append(report)
                    .append(": ")
                    .append(e.getMessage())
                    .append(')');
        }
        return text.toString();
    }

    /** The default installation (every parameter at its default). */
    static SynthesizedApp get() {
        return CACHE.computeIfAbsent("default", name -> new SynthesizedApp(name, Map.of()));
    }

    /** A variant with some context changed; cached by name. */
    static SynthesizedApp variant(String name, Map<String, Object> context) {
        return CACHE.computeIfAbsent(name, n -> new SynthesizedApp(n, context));
    }

    /** The {@code context} block of cdk/cdk.json (surefire runs in the module directory). */
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson =
                    JSON.readValue(Path.of("cdk.json").toFile(), new TypeReference<>() {});
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SluiceStacks stacks() {
        return stacks;
    }

    CloudAssembly assembly() {
        return assembly;
    }

    Path outdir() {
        return Path.of(assembly.getDirectory());
    }

    CloudFormationStackArtifact artifact(Stack stack) {
        return assembly.getStackByName(stack.getStackName());
    }

    /** The synthesized template, for {@code Template} assertions. */
    Template template(Stack stack) {
        return templates.computeIfAbsent(stack.getStackName(), n -> Template.fromJSON(json(stack)));
    }

    /**
     * The synthesized template as plain maps, for checks easier to write in Java than with
     * matchers.
     */
    Map<String, Object> json(Stack stack) {
        return templateJson.computeIfAbsent(
                stack.getStackName(),
                n -> {
                    try {
                        return JSON.readValue(
                                Path.of(artifact(stack).getTemplateFullPath()).toFile(),
                                new TypeReference<>() {});
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** Resources of one type: logical ID → resource (Type, Properties, Metadata...). */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources(Stack stack, String type) {
        Map<String, Map<String, Object>> all =
                (Map<String, Map<String, Object>>) json(stack).get("Resources");
        Map<String, Map<String, Object>> matching = new java.util.LinkedHashMap<>();
        all.forEach(
                (id, resource) -> {
                    if (type.equals(resource.get("Type"))) {
                        matching.put(id, resource);
                    }
                });
        return matching;
    }

    /**
     * Error and warning annotations of every stack (cdk-nag findings are error or warning
     * annotations), read from the cloud assembly's metadata files: {@code <stack>.metadata.json}
     * or, in older layouts, the manifest itself.
     */
    List<String> problems() {
        List<String> problems = new java.util.ArrayList<>();
        try {
            var manifest = JSON.readTree(outdir().resolve("manifest.json").toFile());
            for (Stack stack : allStacks()) {
                var artifact = manifest.path("artifacts").path(stack.getArtifactId());
                var metadata =
                        artifact.has("additionalMetadataFile")
                                ? JSON.readTree(
                                        outdir().resolve(
                                                        artifact.path("additionalMetadataFile")
                                                                .asText())
                                                .toFile())
                                : artifact.path("metadata");
                metadata.properties()
                        .forEach(
                                path ->
                                        path.getValue()
                                                .forEach(
                                                        entry -> {
                                                            String type =
                                                                    entry.path("type").asText();
                                                            if (type.equals("aws:cdk:error")
                                                                    || type.equals(
                                                                            "aws:cdk:warning")) {
                                                                problems.add(
                                                                        type
                                                                                + " at "
                                                                                + path.getKey()
                                                                                + ": "
                                                                                + entry.path(
                                                                                        "data"));
                                                            }
                                                        }));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    List<Stack> allStacks() {
        return stacks.all();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
