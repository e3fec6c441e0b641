package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code smarttracer trace} with conditions against an application this project did not write: the
 * H2 database's TCP server in a child JVM, under a steady JDBC load that this JVM sends it over the
 * loopback (SELECTs by key, INSERTs, statements H2 refuses, now and then a slow query). The traced
 * methods are H2's own internals: each call delivered passes the conditions, the limit counts
 * exactly, returns pair with their calls, and after each command the target has no class
 * instrumented.
 *
 * <p>Targets: {@code SessionLocal#prepareLocal(String)}, which every statement sent by a client goes
 * through on the connection's server thread with its SQL text, and which throws H2's
 * {@code DbException} for SQL it cannot parse; {@code Parser#parse(String, ArrayList)}
 * (package-private, so no {@code --local}), four H2 frames deep under the server thread's loop; and
 * {@code CommandContainer#query(long)}, which runs a query.
 */
@Tag("soak") // a run against an application of its own: in ./mvnw verify -Psoak, which CI runs
@Timeout(90)
class ThirdPartyApplicationIT {

    private static final String PREPARE = "org.h2.engine.SessionLocal#prepareLocal";
    private static final String PREPARE_CALL = "org.h2.engine.SessionLocal.prepareLocal/1 is being called with: ";
    private static final String PARSE = "org.h2.command.Parser#parse(java.lang.String, java.util.ArrayList)";
    private static final String QUERY = "org.h2.command.CommandContainer#query";

    private static final String BY_CUSTOMER = "SELECT * FROM ORDERS WHERE CUSTOMER = ";
    private static final String LATEST = "SELECT MAX(ID) FROM ORDERS";
    private static final String MISSPELT = "SELEC * FROM ORDERS";
    private static final String NO_TABLE = "INSERT INTO NO_SUCH_TABLE VALUES(1)";
    /** A query over 300,000 generated rows, its text different each time so that H2 caches no result. */
    private static final String SLOW = "SELECT SUM(X) FROM SYSTEM_RANGE(1, 300000 + %d)";
    private static final int CUSTOMERS = 50;

    private static Target h2;
    private static String pid;
    private static String readyLine;
    private static Load load;
    private static String url;

    @BeforeAll
    static void startH2UnderLoad() throws Exception {
        h2 = Target.startProgram(h2Jar().toString(), "org.h2.tools.Server",
                List.of("-Xmx256m", "-Dh2.bindAddress=127.0.0.1"),
                List.of("-tcp", "-tcpPort", "0", "-ifNotExists"));
        pid = Long.toString(h2.pid());
        readyLine = h2.expect("TCP server running at ");
        Matcher port = Pattern.compile("tcp://[^ ]*:(\\d+)").matcher(readyLine);
        assertThat(port.find()).as(readyLine).isTrue();
        url = "jdbc:h2:tcp://127.0.0.1:" + port.group(1) + "/mem:shop";
        load = new Load(url);
        assertThat(load.warmedUp.await(60, TimeUnit.SECONDS)).as("the load ran %d steps", Load.WARM_UP_STEPS)
                .isTrue();
        load.assertRunning();
    }

    @AfterAll
    static void stopLoadAndH2() throws InterruptedException {
        try {
            if (load != null) {
                load.close();
            }
        } finally {
            if (h2 != null) {
                h2.close();
            }
            if (load != null) {
                // A load thread still inside a JDBC call ends when the server is gone.
                load.thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
        assertThat(load == null || !load.thread.isAlive()).as("the load thread ended").isTrue();
    }

    @Test
    void where_onTheSqlText_deliversOnlyTheStatementsItNames() throws Exception {
        Cli.Result result = trace(PREPARE, "6", "--where", "args[0].startsWith('SELECT')", "--return");

        List<String> sql = calls(result, PREPARE_CALL, 6);
        assertThat(sql).allSatisfy(text -> assertThat(text).startsWith("SELECT"));
        // H2's Command renders as its SQL text: each call's return is the command prepared for it.
        assertThat(result.linesWith("org.h2.engine.SessionLocal.prepareLocal/1 returns: ")).hasSize(6)
                .map(line -> line.substring(line.indexOf(" returns: ") + " returns: ".length()))
                .containsExactlyInAnyOrderElementsOf(sql);
        assertThat(result.linesWith(" raised: ")).isEmpty();
        assertDetached();
    }

    @Test
    void raised_deliversOnlyTheStatementsH2Refused_withItsException() throws Exception {
        Cli.Result result = trace(PREPARE, "4", "--raised", "--return");

        List<String> sql = calls(result, PREPARE_CALL, 4);
        assertThat(sql).allSatisfy(text -> assertThat(text).isIn(MISSPELT, NO_TABLE));
        assertThat(result.linesWith(" returns: ")).isEmpty();
        assertThat(result.linesWith(" raised: ")).hasSize(4);
        List<String> lines = result.stdout();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(PREPARE_CALL)) {
                String raised = lines.get(i + 1);
                assertThat(raised).as("the exception, right after its call")
                        .startsWith("org.h2.engine.SessionLocal.prepareLocal/1 raised: org.h2.message.DbException: ")
                        .contains(lines.get(i).contains(MISSPELT) ? "Syntax error in SQL statement" : "NO_SUCH_TABLE");
            }
        }
        assertDetached();
    }

    @Test
    void thread_deliversOnlyTheCallsOfOneConnectionsServerThread() throws Exception {
        // The load's second connection sends only LATEST; find the server thread that serves it.
        Cli.Result found = trace(PREPARE, "1", "--where", "args[0] == '" + LATEST + "'", "--json");
        assertThat(found.exitCode()).as(found.toString()).isZero();
        List<String> latest = found.linesWith("\"type\":\"CALL\"");
        assertThat(latest).as(found.toString()).hasSize(1);
        String call = latest.get(0);
        Matcher name = Pattern.compile("\"threadName\":\"(H2 TCP Server \\(tcp://[^\"]*\\) (thread-\\d+))\"")
                .matcher(call);
        assertThat(name.find()).as(call).isTrue();

        Cli.Result result = trace(PREPARE, "5", "--thread", "H2 TCP Server (*) " + name.group(2), "--return");

        assertThat(calls(result, PREPARE_CALL, 5)).as("the other connection sends five times as many statements")
                .containsOnly(LATEST);
        assertThat(result.linesWith(" returns: " + LATEST)).hasSize(5);
        assertDetached();
    }

    @Test
    void slowerThan_deliversOnlyTheQueriesThatTookLonger() throws Exception {
        Cli.Result result = trace(QUERY, "2", "--slower-than", "5ms", "--return", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.linesWith("\"type\":\"CALL\"")).as(result.toString()).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("\"className\":\"org.h2.command.CommandContainer\"",
                        "\"methodName\":\"query\"", "\"threadName\":\"H2 TCP Server ("));
        List<String> returns = result.linesWith("\"type\":\"RETURN\"");
        assertThat(returns).hasSize(2).allSatisfy(line -> assertThat(ControlSocket.number(line, "durationNanos"))
                .as(line).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(5)));
        assertThat(returns).extracting(line -> ControlSocket.number(line, "callId")).containsExactlyInAnyOrder(1L, 2L);
        assertThat(result.linesWith("\"type\":\"TRACE_END\"")).singleElement().asString()
                .contains("\"stopReason\":\"LIMIT_REACHED\"");
        assertDetached();
    }

    @Test
    void sample_deliversEveryFifthOfTheCallsThatPass() throws Exception {
        Cli.Result result = trace(PREPARE, "4", "--where", "args[0].startsWith('" + BY_CUSTOMER + "')", "--sample",
                "5", "--return");

        List<Integer> customers = customers(calls(result, PREPARE_CALL, 4));
        // One connection asks for customers 1, 2, ..., 50, 1, ... in turn: every fifth is five further on.
        for (int i = 1; i < customers.size(); i++) {
            assertThat(Math.floorMod(customers.get(i) - customers.get(i - 1), CUSTOMERS)).as("customers %s", customers)
                    .isEqualTo(5);
        }
        assertThat(result.linesWith(" returns: " + BY_CUSTOMER)).hasSize(4);
        assertDetached();
    }

    @Test
    void distinct_deliversOneCallPerSqlText() throws Exception {
        Cli.Result result = trace(PREPARE, String.valueOf(CUSTOMERS), "--where",
                "args[0].startsWith('" + BY_CUSTOMER + "')", "--distinct", "args[0]", "--per-key", "1", "--return");

        assertThat(customers(calls(result, PREPARE_CALL, CUSTOMERS))).as("each customer once")
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, CUSTOMERS).boxed().toList());
        assertThat(result.linesWith(" returns: " + BY_CUSTOMER)).hasSize(CUSTOMERS);
        assertDetached();
    }

    @Test
    void stack_printsH2sOwnCallersUnderEachCall() throws Exception {
        Cli.Result result = trace(PARSE, "3", "--stack", "4", "--return");

        String parseCall = "org.h2.command.Parser.parse/2 is being called with: ";
        assertThat(calls(result, parseCall, 3)).allSatisfy(text -> assertThat(text).isNotBlank());
        List<String> lines = result.stdout();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(parseCall)) {
                assertThat(lines.subList(i + 1, i + 5)).as("the four callers under %s", lines.get(i))
                        .allSatisfy(frame -> assertThat(frame).matches("    at org\\.h2\\..*\\(\\w+\\.java:\\d+\\)"))
                        .extracting(frame -> frame.substring(0, frame.indexOf('(')))
                        .containsExactly("    at org.h2.command.Parser.prepareCommand",
                                "    at org.h2.engine.SessionLocal.prepareLocal",
                                "    at org.h2.server.TcpServerThread.process",
                                "    at org.h2.server.TcpServerThread.run");
                assertThat(lines.get(i + 5)).doesNotStartWith("    at ");
            }
        }
        assertThat(result.linesWith("    at ")).hasSize(12);
        assertThat(result.linesWith("org.h2.command.Parser.parse/2 returns: ").size()
                + result.linesWith("org.h2.command.Parser.parse/2 raised: ").size()).as("a return for each call")
                .isEqualTo(3);
        assertDetached();
    }

    @Test
    void aWhereThatDoesNotParse_isOneLine_exit2_andNothingIsInstrumented() throws Exception {
        Cli.Result refused = Cli.run("trace", pid, PREPARE, "5", "--where", "args[0].startsWith('SELECT'", "--yes");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr().strip().lines()).singleElement().asString()
                .startsWith("smarttracer trace: --where 'args[0].startsWith('SELECT'': column ");
        if (Files.exists(ControlSocket.path(h2.pid()))) {
            assertDetached();
        } // else no agent was ever loaded into H2: nothing can be instrumented
        assertH2PrintedOnlyItsOwnLines();
    }

    @Test
    void anAbstractMethod_tracesTheLoadedClassesThatImplementIt_andDeclaredOnlyRefusesIt() throws Exception {
        // org.h2.command.Command#query(long) is abstract; H2 runs its queries in the subclasses.
        Cli.Result result = trace("org.h2.command.Command#query", "5", "--return");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.linesWith(" is being called with: ")).as(result.toString()).hasSize(5)
                .allSatisfy(line -> assertThat(line).matches("org\\.h2\\.command\\.Command\\w+\\.query/1 is being"
                        + " called with: \\[\\d+]"));
        assertThat(result.linesWith(".query/1 returns: ")).hasSize(5);
        assertThat(result.stdout().get(result.stdout().size() - 1)).startsWith("Limit reached: 5 calls;");
        assertDetached();

        Cli.Result declared = trace("org.h2.command.Command#query", "5", "--declared-only");
        assertThat(declared.exitCode()).as(declared.toString()).isEqualTo(1);
        assertThat(declared.stderr().strip().lines()).singleElement().asString()
                .contains("org.h2.command.Command#query: it is abstract and has no body, and --declared-only keeps"
                        + " the selection to it; trace the method of a class that implements it, or leave out"
                        + " --declared-only to trace every implementation");
        assertDetached();
    }

    @Test
    void aConstructor_deliversH2sCommandsAsTheyAreMade_withTheObjectBuilt() throws Exception {
        Cli.Result result = trace("org.h2.command.CommandContainer#new", "3", "--return");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.linesWith(" is being called with: ")).as(result.toString()).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("org.h2.command.CommandContainer.<init>/3 is being"
                        + " called with: "));
        assertThat(result.linesWith("org.h2.command.CommandContainer.<init>/3 returns: ")).hasSize(3);
        assertThat(result.stdout().get(result.stdout().size() - 1)).startsWith("Limit reached: 3 calls;");
        assertDetached();
    }

    @Test
    void aWildcardNoLoadedClassMatches_waits_andTracesTheClassH2DefinesForAnAliasCreatedLater() throws Exception {
        // H2 compiles a Java alias's source into org.h2.dynamic.<ALIAS>, defined by a class loader of its own.
        try (Cli command = Cli.start("trace", pid, "org.h2.dynamic.*#echo", "2", "--return",
                "--timeout", "60s", "--yes")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String status = "";
            while (!status.contains("\"waiting\":true") && System.nanoTime() < deadline) {
                try {
                    status = ControlSocket.status(h2.pid());
                } catch (java.io.IOException notYet) {
                    status = "the agent is not listening yet: " + notYet;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            assertThat(status).as("the trace waits for a class to load").contains("\"waiting\":true");
            try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
                Load.update(connection, "CREATE ALIAS TRACED_ECHO AS"
                        + " 'String echo(String value) { return \"echo:\" + value; }'");
                Load.query(connection, "SELECT TRACED_ECHO('Tracer')");
                Load.query(connection, "SELECT TRACED_ECHO('Smart')");
            }
            Cli.Result result = command.await();

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stderr()).contains("No class loaded in pid " + pid + " has a method that"
                    + " org.h2.dynamic.*#echo selects yet: the trace waits for classes to load");
            assertThat(result.linesWith(" is being called with: ")).as(result.toString())
                    .containsExactly("org.h2.dynamic.TRACED_ECHO.echo/1 is being called with: [\"Tracer\"]",
                            "org.h2.dynamic.TRACED_ECHO.echo/1 is being called with: [\"Smart\"]");
            assertThat(result.linesWith(".echo/1 returns: ")).containsExactly(
                    "org.h2.dynamic.TRACED_ECHO.echo/1 returns: \"echo:Tracer\"",
                    "org.h2.dynamic.TRACED_ECHO.echo/1 returns: \"echo:Smart\"");
            assertThat(result.stdout().get(result.stdout().size() - 1)).startsWith("Limit reached: 2 calls;")
                    .contains("1 class was traced as it loaded.");
        }
        assertDetached();
    }

    /** Runs {@code smarttracer trace <pid> ...}, bounded by a timeout should the load stop. */
    private static Cli.Result trace(String... options) throws Exception {
        load.assertRunning();
        List<String> args = new ArrayList<>(List.of("trace", pid));
        args.addAll(List.of(options));
        args.addAll(List.of("--timeout", "30s", "--yes"));
        return Cli.run(args.toArray(String[]::new));
    }

    /**
     * Checks that a trace ended on its limit with exactly {@code count} calls of one argument each,
     * a string, and returns those strings in order.
     */
    private static List<String> calls(Cli.Result result, String callPrefix, int count) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> calls = result.linesWith(" is being called with: ");
        assertThat(calls).as(result.toString()).hasSize(count)
                .allSatisfy(line -> assertThat(line).startsWith(callPrefix));
        assertThat(result.stdout().get(result.stdout().size() - 1)).as(result.toString())
                .startsWith("Limit reached: " + count + " calls;");
        Pattern firstArgument = Pattern.compile(Pattern.quote(callPrefix) + "\\[\"((?:[^\"\\\\]|\\\\.)*)\"");
        return calls.stream().map(line -> {
            Matcher matcher = firstArgument.matcher(line);
            assertThat(matcher.lookingAt()).as(line).isTrue();
            return matcher.group(1);
        }).toList();
    }

    private static List<Integer> customers(List<String> sql) {
        return sql.stream().map(text -> {
            assertThat(text).startsWith(BY_CUSTOMER);
            return Integer.valueOf(text.substring(BY_CUSTOMER.length()));
        }).toList();
    }

    /** Checks that the agent in H2 runs no trace and has every class back as it was. */
    private static void assertDetached() throws Exception {
        String status = ControlSocket.status(h2.pid());
        assertThat(ControlSocket.number(status, "instrumentedClasses")).as(status).isZero();
        assertThat(status).contains("\"traces\":[]");
        assertH2PrintedOnlyItsOwnLines();
    }

    /** The agent prints nothing into H2's output: H2's own line, and the JVM's warning about a late agent. */
    private static void assertH2PrintedOnlyItsOwnLines() {
        assertThat(h2.output()).as("what H2 printed")
                .allMatch(line -> line.equals(readyLine) || Target.isJvmDynamicAgentWarning(line));
    }

    private static Path h2Jar() throws URISyntaxException {
        return Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * One thread of this JVM sending H2 statements over two connections, a step every millisecond or
     * so, until closed. Each step asks the first connection for the orders of the next customer
     * (1 to 50 in turn); every fourth step also inserts an order, every tenth sends a statement that
     * H2 refuses (misspelt, or naming a table that does not exist), every fiftieth a slow query; and
     * every fifth step the second connection asks for the latest order's id.
     */
    private static final class Load implements AutoCloseable {

        static final int WARM_UP_STEPS = 200;

        final Thread thread;
        final CountDownLatch warmedUp = new CountDownLatch(WARM_UP_STEPS);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final CountDownLatch stop = new CountDownLatch(1);
        private final String url;

        Load(String url) {
            this.url = url;
            thread = new Thread(this::run, "h2-load");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try (Connection orders = DriverManager.getConnection(url, "sa", "");
                    Connection latest = DriverManager.getConnection(url, "sa", "")) {
                update(orders, "CREATE TABLE ORDERS(ID BIGINT PRIMARY KEY, CUSTOMER INT NOT NULL,"
                        + " AMOUNT INT NOT NULL)");
                for (long step = 1; !stop.await(1, TimeUnit.MILLISECONDS); step++) {
                    int customer = (int) ((step - 1) % CUSTOMERS) + 1;
                    query(orders, BY_CUSTOMER + customer);
                    if (step % 4 == 0) {
                        update(orders, "INSERT INTO ORDERS VALUES(" + step + ", " + customer + ", " + step % 997 + ")");
                    }
                    if (step % 5 == 0) {
                        query(latest, LATEST);
                    }
                    if (step % 10 == 0) {
                        refused(orders, step % 20 == 0 ? MISSPELT : NO_TABLE);
                    }
                    if (step % 50 == 25) {
                        query(orders, String.format(SLOW, step));
                    }
                    warmedUp.countDown();
                }
            } catch (Throwable e) {
                if (stop.getCount() > 0) {
                    failure.set(e);
                }
            } finally {
                while (warmedUp.getCount() > 0) {
                    warmedUp.countDown();
                }
            }
        }

        private static void query(Connection connection, String sql) throws SQLException {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    rows.getObject(1);
                }
            }
        }

        private static void update(Connection connection, String sql) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(sql);
            }
        }

        private static void refused(Connection connection, String sql) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
                throw new AssertionError("H2 ran " + sql);
            } catch (SQLException expected) {
                // 42001: syntax error; 42102: table not found
                if (!expected.getSQLState().startsWith("42")) {
                    throw expected;
                }
            }
        }

        void assertRunning() {
            assertThat(failure.get()).as("the load's failure").isNull();
            assertThat(thread.isAlive()).as("the load runs").isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            stop.countDown();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
