package org.hamal.cluster;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Run as a separate JVM by {@link IntakeJournalTest}: prints whether another process holds a file. */
final class ProbeLock {
  public static void main(String[] args) throws Exception {
    try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
      FileLock l = c.tryLock();
      System.out.print(l == null ? "held" : "free");
    }
  }
}
