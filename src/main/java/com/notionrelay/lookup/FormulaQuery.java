package com.notionrelay.lookup;

import com.notionrelay.cache.RelationQueries;
import java.util.Optional;

/**
 * {@code prop(relation).map(current.prop(show)).join(join)}, optionally filtered to related pages
 * whose {@code where} property renders as given, sorted by a property, and cut to {@code limit}.
 */
public record FormulaQuery(String page, String relation, String show, String join,
                           Optional<RelationQueries.Where> where, Optional<RelationQueries.Sort> sort,
                           Optional<Integer> limit) {
}
