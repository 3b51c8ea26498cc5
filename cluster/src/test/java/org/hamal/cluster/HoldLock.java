package org.hamal.cluster;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Run as a separate JVM by {@link IntakeJournalTest}: holds a lock on a file until killed. */
final class HoldLock {
  public static void main(String[] args) throws Exception {
    FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
    c.lock();
    System.out.print("locked");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
