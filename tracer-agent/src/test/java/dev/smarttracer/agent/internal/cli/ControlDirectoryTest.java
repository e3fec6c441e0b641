package dev.smarttracer.agent.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control directory as another user may have prepared it in a shared {@code /tmp}: a link is
 * never followed, a directory of another user or another mode is refused with what to do, and
 * only a stale socket in the agent's own directory is ever removed. Here a temporary directory
 * plays {@code /tmp}, and the target's user is this test's user, or another uid.
 */
class ControlDirectoryTest {

    private static final long PID = 4242;

    @TempDir
    Path tmp;

    private Path directory;
    private Path decoy;
    private OsUser me;

    @BeforeEach
    void paths() throws IOException {
        directory = tmp.resolve(".smarttracer-" + PID);
        decoy = Files.createDirectory(tmp.resolve("decoy"));
        me = new OsUser(TargetJvm.ownUid(), Files.getOwner(tmp).getName());
    }

    private TargetJvm target(OsUser user) {
        return new TargetJvm(PID, PID, tmp, Optional.empty(), "java", user);
    }

    private ControlDirectory control() {
        return ControlDirectory.of(target(me));
    }

    private Path agentsDirectory() throws IOException {
        return Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    /** Binds a socket and closes it: what a killed JVM leaves behind. */
    private static void staleSocket(Path path) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
        }
    }

    @Test
    void nothingThere_isNoProblem_andNoSocketToTry() {
        assertThat(control().problem()).isEmpty();
        assertThat(control().socketToTry()).isEmpty();
    }

    @Test
    void theAgentsDirectoryWithAStaleSocket_isUsed_andTheSocketRemovedWithItsDirectory() throws IOException {
        staleSocket(agentsDirectory().resolve("control"));

        Optional<Object> socket = control().socketToTry();

        assertThat(socket).isPresent();
        assertThat(control().removeStale(socket.get())).isTrue();
        assertThat(directory).doesNotExist();
    }

    @Test
    void aSymbolicLink_isRefusedWithWhatToDo_andWhatItPointsToIsNeverTouched() throws IOException {
        Path decoyFile = Files.writeString(decoy.resolve("control"), "precious");
        Files.createSymbolicLink(directory, decoy);

        String problem = control().problem().orElseThrow();

        assertThat(problem).isEqualTo("pid 4242's control directory " + directory + " is a symbolic link to " + decoy
                + ", owned by " + me + ", not a directory; smarttracer will not use it; remove it: "
                + "rm " + directory + ", then run again");
        assertThatThrownBy(() -> control().socketToTry()).isInstanceOfSatisfying(CliFailure.class,
                failure -> assertThat(failure.exitCode()).isEqualTo(ExitCode.ATTACH_FAILED));
        assertThat(decoyFile).hasContent("precious");
        assertThat(Files.isSymbolicLink(directory)).as("the link is left for its owner to remove").isTrue();
    }

    @Test
    void aBlockerThisUserMayNotRemove_isToBeRemovedWithSudo_andOneItMayWithout() throws IOException {
        Files.createSymbolicLink(directory, decoy);

        assertThat(new ControlDirectory(target(me), me.uid() + 1).problem()).hasValueSatisfying(problem ->
                assertThat(problem).endsWith("; remove it: sudo rm " + directory + ", then run again"));
        assertThat(new ControlDirectory(target(me), 0).problem()).hasValueSatisfying(problem ->
                assertThat(problem).endsWith("; remove it: rm " + directory + ", then run again"));
    }

    @Test
    void aLinkToADirectoryWithAStaleSocket_neverHasThatSocketRemoved() throws IOException {
        Path decoySocket = decoy.resolve("control");
        staleSocket(decoySocket);
        Object key = Files.readAttributes(decoySocket, "unix:fileKey", LinkOption.NOFOLLOW_LINKS).get("fileKey");
        Files.createSymbolicLink(directory, decoy);

        assertThat(control().removeStale(key)).isFalse();
        assertThat(decoySocket).exists();
    }

    @Test
    void aDirectoryOfAnotherUserThanTheJvms_isRefused_namingBothUsers() throws IOException {
        Path file = Files.writeString(agentsDirectory().resolve("control"), "precious");
        OsUser jvmUser = new OsUser(me.uid() + 1, "");

        String problem = ControlDirectory.of(target(jvmUser)).problem().orElseThrow();

        assertThat(problem).startsWith("pid 4242's control directory " + directory + " belongs to " + me
                + ", not to the JVM's user, uid " + (me.uid() + 1) + ", so another user may have made it")
                .endsWith("; smarttracer will not use it; remove it: rm -r " + directory + ", then run again");
        assertThatThrownBy(() -> ControlDirectory.of(target(jvmUser)).socketToTry()).isInstanceOf(CliFailure.class);
        assertThat(file).hasContent("precious");
    }

    @Test
    void aDirectoryOthersMayWriteTo_isRefused() throws IOException {
        agentsDirectory();
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(control().problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains(directory + " is owned by " + me + " but has mode 0777, not 0700")
                .endsWith("remove it: rm -r " + directory + ", then run again"));
    }

    @Test
    void aFileInsteadOfTheDirectory_isRefused_andKept() throws IOException {
        Files.writeString(directory, "precious");

        assertThat(control().problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains(directory + " is a regular file, owned by " + me + ", not a directory"));
        assertThat(directory).hasContent("precious");
    }

    @Test
    void aControlEntryThatIsALinkOrAFile_isRefused_andNeitherItNorItsTargetIsRemoved() throws IOException {
        Path decoyFile = Files.writeString(decoy.resolve("passwd"), "precious");
        Path link = Files.createSymbolicLink(agentsDirectory().resolve("control"), decoyFile);

        assertThat(control().problem()).hasValue("pid 4242's control socket " + link + " is a symbolic link to "
                + decoyFile + ", owned by " + me + ", not a socket; smarttracer will not use or remove it; remove it:"
                + " rm " + link + ", then run again");
        assertThatThrownBy(() -> control().socketToTry()).isInstanceOf(CliFailure.class);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(decoyFile).hasContent("precious");

        Files.delete(link);
        Files.writeString(link, "a file");
        assertThat(control().problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains(link + " is a regular file, owned by " + me + ", not a socket"));
    }

    @Test
    void aDirectorySwappedForALinkAfterItsSocketWasSeen_hasNothingRemoved() throws IOException {
        Path socket = agentsDirectory().resolve("control");
        staleSocket(socket);
        Object seen = control().socketToTry().orElseThrow();
        Path moved = Files.move(directory, tmp.resolve("moved"));
        Files.createSymbolicLink(directory, moved);

        assertThat(control().removeStale(seen)).isFalse();
        assertThat(moved.resolve("control")).as("the very socket seen, now behind a link").exists();
    }

    @Test
    void aSocketSwappedForALinkAfterItWasSeen_isNotRemoved() throws IOException {
        Path socket = agentsDirectory().resolve("control");
        staleSocket(socket);
        Object seen = control().socketToTry().orElseThrow();
        Path decoySocket = Files.move(socket, decoy.resolve("control"));
        Files.createSymbolicLink(socket, decoySocket);

        assertThat(control().removeStale(seen)).isFalse();
        assertThat(Files.isSymbolicLink(socket)).isTrue();
        assertThat(decoySocket).exists();
    }

    @Test
    void aDirectoryBlockedBeforeTheLoad_loadsNothing() throws IOException {
        Files.createSymbolicLink(directory, decoy);
        AtomicBoolean loaded = new AtomicBoolean();

        assertThatThrownBy(() -> SmartTracerCli.connectOrLoad(target(me), () -> loaded.set(true), Duration.ZERO))
                .isInstanceOfSatisfying(CliFailure.class, failure -> {
                    assertThat(failure.exitCode()).isEqualTo(ExitCode.ATTACH_FAILED);
                    assertThat(failure.getMessage()).contains("is a symbolic link");
                });
        assertThat(loaded).isFalse();
    }

    @Test
    void aSocketThatDoesNotAppearAfterTheLoad_isExplainedByTheDirectory() {
        Runnable anotherUserWasFirst = () -> {
            try {
                Files.createSymbolicLink(directory, decoy);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };

        assertThatThrownBy(() -> SmartTracerCli.connectOrLoad(target(me), anotherUserWasFirst, Duration.ofMillis(50)))
                .isInstanceOfSatisfying(CliFailure.class, failure -> {
                    assertThat(failure.exitCode()).isEqualTo(ExitCode.ATTACH_FAILED);
                    assertThat(failure.getMessage()).startsWith("pid 4242's control directory " + directory
                            + " is a symbolic link to " + decoy);
                });
    }

    @Test
    void aSocketThatDoesNotAppearAfterTheLoad_forNoVisibleReason_saysSoAndWhereToLook() {
        assertThatThrownBy(() -> SmartTracerCli.connectOrLoad(target(me), () -> { }, Duration.ofMillis(50)))
                .isInstanceOfSatisfying(CliFailure.class, failure -> {
                    assertThat(failure.exitCode()).isEqualTo(ExitCode.ATTACH_FAILED);
                    assertThat(failure.getMessage()).isEqualTo("the SmartTracer agent was loaded into pid 4242 but"
                            + " did not open its control socket " + directory.resolve("control") + " within 50 ms;"
                            + " the JVM's standard error may say why (can its user write " + tmp + "?); then run"
                            + " again");
                });
    }
}
