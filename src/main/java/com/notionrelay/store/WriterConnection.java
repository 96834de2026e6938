package com.notionrelay.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The intake writer's own connection, with the statements it runs over and over prepared once:
 * SQLite takes longer to prepare one of the intake INSERTs than to run it. Used by the writer's
 * thread only.
 */
public final class WriterConnection implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    WriterConnection(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    /** The statement for {@code sql}, prepared on first use; its parameters are cleared for the caller. */
    PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            prepared.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /** Runs a statement without parameters or rows (SAVEPOINT, COMMIT), prepared once. */
    void run(String sql) throws SQLException {
        prepared(sql).execute();
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : prepared.values()) {
            ps.close();
        }
        connection.close();
    }
}
