package com.notionrelay.route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The route modules the relay runs, by name (the name an accepted event stores). */
public final class Routes {

    private final Map<String, RouteModule> byName = new LinkedHashMap<>();

    public Routes(List<RouteModule> modules) {
        for (RouteModule m : modules) {
            if (byName.putIfAbsent(m.name(), m) != null) {
                throw new IllegalArgumentException("two route modules named " + m.name());
            }
        }
    }

    public List<RouteModule> all() {
        return List.copyOf(byName.values());
    }

    public Optional<RouteModule> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The effect of an accepted event's route, as the job kind that carries it expects it. */
    public <T extends Effect> T effectOf(String routeName, Class<T> type) {
        Effect effect = of(routeName).effect();
        if (!type.isInstance(effect)) {
            throw new IllegalStateException("route module '" + routeName + "' no longer has a "
                    + type.getSimpleName() + " (its file changed after the event was accepted)");
        }
        return type.cast(effect);
    }

    /** The module an accepted event belongs to; it may be gone if its file was removed since. */
    public RouteModule of(String routeName) {
        return named(routeName).orElseThrow(() -> new IllegalStateException(
                "no route module named '" + routeName + "' is loaded (was its file removed from the routes directory?)"));
    }
}
