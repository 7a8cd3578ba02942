package dev.sluice.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TableRendererTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final TableRenderer renderer = new TableRenderer(new Ansi(false));

    @Test
    void aListBecomesAlignedColumnsOfItsScalarFields() throws Exception {
        String table =
                renderer.render(
                        mapper.readTree(
                                "[{\"username\":\"alice\",\"status\":1,\"public_keys\":[\"a\",\"b\"],"
                                        + "\"filters\":{\"allowed_ip\":[]}},"
                                        + "{\"username\":\"bo\",\"status\":0,\"public_keys\":[]}]"));
        assertThat(table)
                .isEqualTo(
                        "username  status  public_keys\n"
                                + "alice     1       a,b\n"
                                + "bo        0");
    }

    @Test
    void anObjectBecomesFlattenedKeyValueLines() throws Exception {
        String table =
                renderer.render(
                        mapper.readTree(
                                "{\"username\":\"alice\",\"permissions\":{\"/\":[\"*\"]},"
                                        + "\"virtual_folders\":[{\"name\":\"r\"}]}"));
        assertThat(table)
                .isEqualTo(
                        "username                 alice\n"
                                + "permissions./            *\n"
                                + "virtual_folders[0].name  r");
    }

    @Test
    void emptyAnswersSaySo() throws Exception {
        assertThat(renderer.render(mapper.readTree("[]"))).isEqualTo("(none)");
        assertThat(renderer.render(mapper.readTree("{}"))).isEqualTo("(empty)");
    }

    @Test
    void escapeSequencesInTheApisDataNeverReachTheTerminal() throws Exception {
        String hostile =
                "{\"description\":\"ok\\u001b]0;pwned\\u0007\\u001b[2J\",\"a\\u001bb\":\"x\\ny\"}";
        String table = renderer.render(mapper.readTree(hostile));
        assertThat(table).doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(table).contains("ok?]0;pwned??[2J").contains("a?b").contains("x y");
        String list = renderer.render(mapper.readTree("[" + hostile + "]"));
        assertThat(list).doesNotContain("\u001b");
    }

    @Test
    void longCellsAreCut() throws Exception {
        String table = renderer.render(mapper.readTree("[{\"d\":\"" + "x".repeat(200) + "\"}]"));
        assertThat(table.lines().skip(1).findFirst().orElseThrow()).hasSize(60).endsWith("...");
    }
}
