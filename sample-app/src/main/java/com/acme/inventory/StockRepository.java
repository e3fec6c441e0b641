package com.acme.inventory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A small application's data access: the stock of each SKU in an embedded, in-memory H2
 * database. One instance holds one connection and its prepared statements, so it belongs to one
 * thread.
 *
 * <p>Not thread-safe.
 */
public final class StockRepository implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement merge;
    private final PreparedStatement select;

    /**
     * Opens a connection to a database and prepares the statements.
     *
     * @param url the JDBC URL, for instance {@code jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1}
     * @throws SQLException if the database cannot be opened
     */
    public StockRepository(String url) throws SQLException {
        connection = DriverManager.getConnection(url);
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS stock (sku INT PRIMARY KEY, quantity INT NOT NULL,"
                    + " label VARCHAR(40) NOT NULL)");
        }
        merge = connection.prepareStatement("MERGE INTO stock (sku, quantity, label) KEY (sku) VALUES (?, ?, ?)");
        select = connection.prepareStatement("SELECT quantity FROM stock WHERE sku = ?");
    }

    /**
     * Sets the stock of one SKU and reads it back: one MERGE and one SELECT, the unit of work the
     * load counts as an operation.
     *
     * @param sku the SKU
     * @param quantity its new stock
     * @return the stock read back
     * @throws SQLException if a statement fails
     */
    public int restock(int sku, int quantity) throws SQLException {
        merge.setInt(1, sku);
        merge.setInt(2, quantity);
        merge.setString(3, "sku-" + sku);
        merge.executeUpdate();
        select.setInt(1, sku);
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("sku " + sku + " vanished right after its MERGE");
            }
            return row.getInt(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
