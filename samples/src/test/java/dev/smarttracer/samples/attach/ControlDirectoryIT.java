package dev.smarttracer.samples.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The control directory {@code /tmp/.smarttracer-<pid>} as another user of a shared {@code /tmp}
 * may prepare it before the agent comes, against one running demo service: a symbolic link to a
 * decoy, a directory of another user, a directory others may write to, a {@code control} that
 * is not a socket. {@code status}, {@code trace} and {@code stop} each refuse in one line with
 * exit code 3, follow no link, remove nothing, and load no agent; once the blocker is gone, the
 * trace works. Making another user's directory needs root; that case is skipped otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class ControlDirectoryIT {

    private static final int NOBODY = 65534;

    private static Target target;
    private static String pid;
    private static Path directory;
    private Path decoy;

    @BeforeAll
    static void startTarget() throws Exception {
        target = Target.start();
        pid = Long.toString(target.pid());
        directory = ControlSocket.path(target.pid()).getParent();
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @BeforeEach
    void makeDecoy() throws IOException {
        decoy = Files.createTempDirectory("smarttracer-decoy-");
    }

    @AfterEach
    void removeBlockerAndDecoy() throws IOException {
        deleteTree(directory);
        deleteTree(decoy);
    }

    @Test
    @Order(1)
    void aSymbolicLinkToADecoy_isNeverFollowed_byStatusTraceOrStop() throws Exception {
        Path decoyFile = Files.writeString(decoy.resolve("control"), "precious");
        Files.createSymbolicLink(directory, decoy);

        for (String[] command : commands()) {
            assertRefused(command, "pid " + pid + "'s control directory " + directory + " is a symbolic link to "
                    + decoy + ", owned by uid ", "not a directory; smarttracer will not use it; remove it: ",
                    "rm " + directory + ", then run again");
            assertThat(decoyFile).as(String.join(" ", command)).hasContent("precious");
        }
        assertThat(Files.isSymbolicLink(directory)).isTrue();
    }

    @Test
    @Order(2)
    void aDirectoryOfAnotherUser_isRefused_andTheFileInItIsKept() throws Exception {
        assumeTrue(ContainerAndUserIT.root(), "needs root to give a directory to another user");
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path planted = Files.writeString(directory.resolve("control"), "precious");
        Files.setAttribute(planted, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(directory, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);

        for (String[] command : commands()) {
            assertRefused(command, "pid " + pid + "'s control directory " + directory + " belongs to uid " + NOBODY,
                    "not to the JVM's user, uid 0", "remove it: rm -r " + directory + ", then run again");
            assertThat(planted).as(String.join(" ", command)).hasContent("precious");
        }
    }

    @Test
    @Order(3)
    void aDirectoryOthersMayWriteTo_isRefused_andTheSocketInItIsKept() throws Exception {
        Files.createDirectory(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path socket = directory.resolve("control");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }

        for (String[] command : commands()) {
            assertRefused(command, directory + " is owned by uid ", "but has mode 0777, not 0700",
                    "remove it: rm -r " + directory + ", then run again");
            assertThat(socket).as(String.join(" ", command)).exists();
        }
    }

    @Test
    @Order(4)
    void aControlThatIsALinkToADecoy_isRefused_andNeitherIsRemoved() throws Exception {
        Path decoyFile = Files.writeString(decoy.resolve("passwd"), "precious");
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(directory.resolve("control"), decoyFile);

        for (String[] command : commands()) {
            assertRefused(command, "pid " + pid + "'s control socket " + link + " is a symbolic link to " + decoyFile,
                    "not a socket; smarttracer will not use or remove it", "rm " + link + ", then run again");
            assertThat(Files.isSymbolicLink(link)).as(String.join(" ", command)).isTrue();
            assertThat(decoyFile).hasContent("precious");
        }
    }

    @Test
    @Order(5)
    void noAgentWasLoadedThroughABlockedDirectory_andOnceItIsGoneTheTraceWorks() throws Exception {
        assertThat(AgentLoadingIT.threads(Jdks.current(), target.pid())).as("SmartTracer threads in the target")
                .isEmpty();

        Cli.Result traced = Cli.run("trace", pid, "com.acme.shop.Pricing#price", "2", "--yes");

        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        assertThat(traced.linesWith(" is being called with: [")).hasSize(2);
    }

    private static List<String[]> commands() {
        return List.of(new String[] {"status", pid}, new String[] {"trace", pid, "com.acme.shop.Pricing#price", "1",
                "--yes"}, new String[] {"stop", pid, "--all"});
    }

    private static void assertRefused(String[] command, String... says) throws Exception {
        Cli.Result result = Cli.run(command);
        String what = String.join(" ", command) + ": " + result;
        assertThat(result.exitCode()).as(what).isEqualTo(3);
        assertThat(result.stdout()).as(what).isEmpty();
        assertThat(result.stderr().strip()).as(what).doesNotContain("\n").contains(says);
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.isSymbolicLink(root) || Files.isRegularFile(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(root);
            return;
        }
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
