package com.acme.documents;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service that indexes long documents as fast as it can: worker threads call
 * {@link Indexer#index(String, String, String)} with three 100,000-character strings, and the JVM
 * prints {@code ready <pid>} once they run, then {@code indexed <documents so far>} every second.
 * It runs until standard input ends; a worker that fails prints {@code worker failed: <throwable>}
 * and the JVM exits with status 7.
 *
 * <p>Arguments: {@code --threads N} (default 2).
 */
public final class DocumentApp {

    private static final int CHARACTERS = 100_000;

    private DocumentApp() {
    }

    /**
     * Runs the service until standard input ends.
     *
     * @param args {@code --threads N}
     * @throws IOException if standard input cannot be read
     * @throws InterruptedException if interrupted while reporting
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int threads = args.length == 2 && args[0].equals("--threads") ? Integer.parseInt(args[1]) : 2;
        String[] documents = new String[16];
        for (int i = 0; i < documents.length; i++) {
            documents[i] = ("document " + i + " ").repeat(CHARACTERS / 11 + 1).substring(0, CHARACTERS);
        }
        Indexer indexer = new Indexer();
        AtomicLong indexed = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    for (long n = 0; ; n++) {
                        String document = documents[(int) (n % documents.length)];
                        indexer.index(document, document, document);
                        indexed.incrementAndGet();
                    }
                } catch (Throwable failure) {
                    System.out.println("worker failed: " + failure);
                    System.exit(7);
                }
            }, "indexer-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        Thread reporter = new Thread(() -> {
            try {
                for (;;) {
                    Thread.sleep(1_000);
                    System.out.println("indexed " + indexed.get());
                }
            } catch (InterruptedException stop) {
                // the JVM is ending
            }
        }, "reporter");
        reporter.setDaemon(true);
        reporter.start();
        while (System.in.read() >= 0) {
            // runs until standard input ends
        }
    }
}
