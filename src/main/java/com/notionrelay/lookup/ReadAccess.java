package com.notionrelay.lookup;

import java.util.Optional;
import java.util.Set;

/**
 * What a reader may see: everything (the admin token), or only the public properties
 * ({@code RELAY_PUBLIC_PROPERTIES}) — shown, filtered and sorted by; guest emails, payloads and
 * sessions stay private unless an operator lists them.
 */
public record ReadAccess(Optional<Set<String>> publicOnly) {

    public ReadAccess {
        publicOnly = publicOnly.map(Set::copyOf);
    }

    public static ReadAccess everything() {
        return new ReadAccess(Optional.empty());
    }

    public static ReadAccess publicProperties(Set<String> properties) {
        return new ReadAccess(Optional.of(properties));
    }

    public boolean sees(String property) {
        return publicOnly.map(p -> p.contains(property)).orElse(true);
    }

    /** 403 {@code property_not_public} naming the parameter, whether or not the property exists. */
    void require(String field, String property) {
        if (!sees(property)) {
            throw new LookupException(LookupException.Kind.NOT_PUBLIC, field, "property '" + property
                    + "' is not public (RELAY_PUBLIC_PROPERTIES); send the admin token to read it");
        }
    }
}
