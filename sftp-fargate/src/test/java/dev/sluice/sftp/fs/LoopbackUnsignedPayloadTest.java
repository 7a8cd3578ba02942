package dev.sluice.sftp.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Only an S3 endpoint on this machine over plain HTTP skips payload signing; everything else keeps
 * the SDK's.
 */
class LoopbackUnsignedPayloadTest {

    @Test
    void appliesToPlainHttpOnLoopbackOnly() {
        assertThat(LoopbackUnsignedPayload.appliesTo(URI.create("http://127.0.0.1:9000"))).isTrue();
        assertThat(LoopbackUnsignedPayload.appliesTo(URI.create("http://localhost:9000"))).isTrue();
        assertThat(LoopbackUnsignedPayload.appliesTo(URI.create("http://[::1]:9000"))).isTrue();

        assertThat(LoopbackUnsignedPayload.appliesTo(URI.create("https://127.0.0.1:9000")))
                .as("TLS: the SDK already skips it")
                .isFalse();
        assertThat(LoopbackUnsignedPayload.appliesTo(URI.create("http://192.0.2.10:9000")))
                .as("another host")
                .isFalse();
        assertThat(LoopbackUnsignedPayload.appliesTo(URI.create("http://s3.example.invalid:9000")))
                .as("a name that resolves nowhere")
                .isFalse();
        assertThat(LoopbackUnsignedPayload.appliesTo(URI.create("http://127.0.0.1")))
                .as("default port 80")
                .isFalse();
        assertThat(LoopbackUnsignedPayload.appliesTo(URI.create("http://127.0.0.1:80")))
                .as("port 80 changes the signed Host")
                .isFalse();
        assertThat(
                        LoopbackUnsignedPayload.appliesTo(
                                URI.create("https://s3.eu-west-1.amazonaws.com")))
                .isFalse();
    }
}
