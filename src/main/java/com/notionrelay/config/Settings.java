package com.notionrelay.config;

import com.notionrelay.notion.NotionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting the relay reads, already parsed and checked. Secrets are optional strings and are
 * left out of {@link #toString()} so a logged Settings never leaks them.
 */
public record Settings(
        int port,
        Path databaseFile,
        Optional<String> notionToken,
        String notionBaseUrl,
        String notionVersion,
        double notionRateLimit,
        Optional<NotionId> interactionsDb,
        Optional<NotionId> demosDb,
        Optional<String> webhookVerificationToken,
        Optional<String> webhookSecret,
        Optional<String> adminToken,
        List<String> allowedOrigins,
        Duration syncInterval,
        Duration notionConnectTimeout,
        Duration notionReadTimeout,
        int deliveryWorkers,
        int maxAttempts,
        Duration maxAge,
        Duration shutdownGrace,
        Duration retryBaseDelay,
        Duration operatorProbeInterval,
        Path routesDir,
        List<NotionId> syncSources,
        double intakeRate,
        int intakeBurst,
        List<String> trustedProxies,
        List<String> publicProperties,
        boolean acceptUnknownDemos,
        List<String> frameAncestors,
        Duration intakeCommitTimeout,
        int intakeBatchMax,
        Duration intakeBatchWait,
        Duration indexLag,
        Duration httpIdleTimeout) {

    public Settings {
        allowedOrigins = List.copyOf(allowedOrigins);
        syncSources = List.copyOf(syncSources);
        trustedProxies = List.copyOf(trustedProxies);
        publicProperties = List.copyOf(publicProperties);
        frameAncestors = List.copyOf(frameAncestors);
    }

    /** Same settings on another port and database file: what tests and tools vary most. */
    public Settings withPortAndDatabase(int newPort, Path newDatabaseFile) {
        return new Settings(newPort, newDatabaseFile, notionToken, notionBaseUrl, notionVersion, notionRateLimit,
                interactionsDb, demosDb, webhookVerificationToken, webhookSecret, adminToken, allowedOrigins,
                syncInterval, notionConnectTimeout, notionReadTimeout, deliveryWorkers, maxAttempts, maxAge, shutdownGrace, retryBaseDelay, operatorProbeInterval,
                routesDir, syncSources, intakeRate, intakeBurst, trustedProxies, publicProperties, acceptUnknownDemos,
                frameAncestors, intakeCommitTimeout, intakeBatchMax, intakeBatchWait, indexLag, httpIdleTimeout);
    }

    @Override
    public String toString() {
        return "Settings[port=" + port + ", db=" + databaseFile + ", notionToken=" + (notionToken.isPresent() ? "set" : "unset")
                + ", notionBaseUrl=" + notionBaseUrl + ", notionVersion=" + notionVersion + ", rateLimit=" + notionRateLimit
                + ", interactionsDb=" + interactionsDb.map(NotionId::value).orElse("unset")
                + ", demosDb=" + demosDb.map(NotionId::value).orElse("unset")
                + ", syncInterval=" + syncInterval.toSeconds() + "s, workers=" + deliveryWorkers + ", routes=" + routesDir
                + ", syncSources=" + syncSources.size() + "]";
    }
}
