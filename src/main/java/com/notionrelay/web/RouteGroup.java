package com.notionrelay.web;

import spark.Service;

/** A set of HTTP routes that registers itself on the relay's Spark service. */
public interface RouteGroup {
    void register(Service http);
}
