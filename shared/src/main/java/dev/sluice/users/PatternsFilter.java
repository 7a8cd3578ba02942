package dev.sluice.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Shell-like, case-insensitive file name patterns allowed or denied in a directory (and below it,
 * unless a more specific path has its own filter). Denied patterns are checked first.
 */
@JsonIgnoreProperties({"deny_policy"})
public record PatternsFilter(
        String path, List<String> allowedPatterns, List<String> deniedPatterns) {

    public PatternsFilter {
        allowedPatterns = allowedPatterns == null ? List.of() : List.copyOf(allowedPatterns);
        deniedPatterns = deniedPatterns == null ? List.of() : List.copyOf(deniedPatterns);
    }
}
