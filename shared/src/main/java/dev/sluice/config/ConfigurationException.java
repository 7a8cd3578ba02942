package dev.sluice.config;

import dev.sluice.validation.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An environment a component cannot start with: every problem found, each naming the variable, what
 * is wrong and what is allowed, so one deployment fixes them all.
 */
public final class ConfigurationException extends IllegalStateException {

    private final List<FieldError> problems;

    public ConfigurationException(List<FieldError> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public List<FieldError> problems() {
        return problems;
    }

    private static String render(List<FieldError> problems) {
        return "invalid configuration ("
                + problems.size()
                + (problems.size() == 1 ? " problem" : " problems")
                + "):"
                + problems.stream().map(p -> "\n  " + p.describe()).collect(Collectors.joining());
    }
}
