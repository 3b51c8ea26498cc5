import java.sql.*; import java.nio.file.*; import java.io.*; import java.util.*; import java.util.concurrent.*;
public class H2KillStress {
  static String URL = "jdbc:h2:file:" + System.getProperty("db", "/tmp/h2-kill/db/h") + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;WRITE_DELAY=0;DB_CLOSE_DELAY=-1" + System.getProperty("extra", "");
  public static void main(String[] a) throws Exception {
    String role = a[0];
    if (role.equals("check")) {
      Set<String> stored = new HashSet<>();
      try (Connection c = DriverManager.getConnection(URL, "sa", "")) {
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM t"); while (rs.next()) stored.add(rs.getString(1));
      }
      int acked = 0, lost = 0;
      for (Path p : Files.newDirectoryStream(Path.of("" + System.getProperty("acks", "/tmp/h2-kill/acks") + ""))) for (String l : Files.readAllLines(p)) { if (l.isBlank()) continue; acked++; if (!stored.contains(l)) { lost++; System.out.println("LOST " + l + " in " + p); } }
      System.out.println("acked=" + acked + " stored=" + stored.size() + " lost=" + lost); return;
    }
    try (Connection c = DriverManager.getConnection(URL, "sa", "")) { c.createStatement().execute("CREATE TABLE IF NOT EXISTS t(id VARCHAR(64) PRIMARY KEY, k VARCHAR(64) UNIQUE, v VARCHAR(300))"); c.createStatement().execute("CREATE TABLE IF NOT EXISTS hot(id INT PRIMARY KEY, n BIGINT, pad VARCHAR(2000))"); c.createStatement().execute("MERGE INTO hot KEY(id) SELECT X, 0, REPEAT('p', 1500) FROM SYSTEM_RANGE(1, 50)"); }
    int threads = Integer.parseInt(a[1]);
    FileOutputStream out = new FileOutputStream("" + System.getProperty("acks", "/tmp/h2-kill/acks") + "/" + role + "-" + ProcessHandle.current().pid(), true);
    ExecutorService ex = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) { int tn = t; ex.submit(() -> {
      Connection c = null; long n = 0;
      while (true) {
        try {
          if (c == null) { c = DriverManager.getConnection(URL, "sa", ""); c.setAutoCommit(false); }
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < 5; i++) ids.add(role + "-" + ProcessHandle.current().pid() + "-" + tn + "-" + (n++));
          PreparedStatement s = c.prepareStatement("SELECT id FROM t WHERE id IN (?,?,?,?,?)"); for (int i = 0; i < 5; i++) s.setString(i + 1, ids.get(i)); s.executeQuery().close();
          PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES(?,?,?)");
          for (String id : ids) { p.setString(1, id); p.setString(2, "k" + id); p.setString(3, "x".repeat(250)); p.addBatch(); }
          p.executeBatch(); PreparedStatement u = c.prepareStatement("UPDATE hot SET n = n + 1, pad = ? WHERE id = ?"); u.setString(1, "q".repeat(1500 + (int) (n % 7))); u.setInt(2, (int) (n % 50) + 1); u.executeUpdate(); c.commit();
          StringBuilder sb = new StringBuilder(); for (String id : ids) sb.append(id).append('\n');
          synchronized (out) { out.write(sb.toString().getBytes()); }
        } catch (Exception e) {
          try { if (c != null) c.close(); } catch (Exception ig) {}
          c = null; try { Thread.sleep(50); } catch (InterruptedException ie) { return; }
        }
      }
    }); }
    Thread.sleep(Long.MAX_VALUE);
  }
}
