package dev.sluice.cdk;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Stand-ins for the build outputs the app deploys, so the CDK tests need neither the lambdas
 * module's shaded jar (tens of MB to hash on every run) nor the SFTP Dockerfile. Synthesis only
 * stages and fingerprints assets; nothing is built or published, so a tiny jar and a one-line
 * Dockerfile exercise exactly the same code paths (Code.fromAsset, ContainerImage.fromAsset).
 */
final class TestAssets {

    static final Path ROOT = Path.of("target", "test-assets");

    private TestAssets() {}

    static Path lambdaJar() {
        Path jar = ROOT.resolve("sluice-lambdas.jar");
        try {
            Files.createDirectories(ROOT);
            try (OutputStream out = Files.newOutputStream(jar);
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                ZipEntry entry = new ZipEntry("README.txt");
                entry.setTime(
                        0); // the same bytes every run, so the asset hash (and the templates) are
                // stable
                zip.putNextEntry(entry);
                zip.write(
                        "placeholder for lambdas/target/sluice-lambdas.jar in CDK tests\n"
                                .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path sftpDockerDir() {
        Path dir = ROOT.resolve("sftp-fargate");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
